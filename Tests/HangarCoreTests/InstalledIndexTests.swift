import Testing
@testable import HangarCore

/// The index of the pieces in each airframe answers as a scan of the pieces would, and two
/// indexes of the same pieces are equal however the pieces moved (a `WorkshopState` replayed
/// from the log equals one read from the tables).
@Suite("installed pieces index")
struct InstalledIndexTests {
    @Test func movesAreFollowedAndEmptyAirframesLeaveNothing() {
        var moved = InstalledIndex()
        moved.move("M-1", from: nil, to: "AF-1")
        moved.move("M-2", from: nil, to: "AF-1")
        moved.move("M-1", from: "AF-1", to: "AF-2")
        moved.move("M-2", from: "AF-1", to: nil)
        moved.move("M-3", from: nil, to: "AF-3")
        moved.move("M-3", from: "AF-3", to: nil)
        #expect(moved.serials(in: "AF-1").isEmpty && moved.serials(in: "AF-2") == ["M-1"] && moved.serials(in: "AF-3").isEmpty)
        var direct = InstalledIndex()
        direct.move("M-1", from: nil, to: "AF-2")
        #expect(moved == direct)
    }

    @Test func aWorkshopStateWithPiecesMovedEqualsOneLoadedAsTheyAre() {
        func piece(_ serial: String, in airframe: String?, _ status: PieceStatus) -> Piece {
            Piece(serial: serial, part: "MOTOR", battery: false, status: status, airframe: airframe, offBOM: false, position: nil, lot: nil,
                  origin: "KZ", unitCost: nil, receiptID: "r", receivedAt: Timestamp(milliseconds: 0), flightMinutes: 0, cycles: 0,
                  capacityMah: nil, lastEventAt: Timestamp(milliseconds: 0))
        }
        var replayed = WorkshopState(), loaded = WorkshopState()
        replayed.setPiece(piece("M-1", in: "AF-1", .installed))
        replayed.setPiece(piece("M-2", in: "AF-1", .installed))
        replayed.setPiece(piece("M-1", in: nil, .inStock))
        replayed.removePiece("M-2")
        loaded.setPiece(piece("M-1", in: nil, .inStock))
        #expect(replayed == loaded)
        #expect(replayed.installedPieces(in: "AF-1").isEmpty)
        replayed.setPiece(piece("M-1", in: "AF-9", .installed))
        #expect(replayed.installedPieces(in: "AF-9").map(\.serial) == ["M-1"])
    }
}
