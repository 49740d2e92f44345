/// The serials of the pieces each airframe holds, kept beside a table of pieces so that an
/// airframe's pieces are found without a scan of them all (a scan at every install or
/// delivery makes a replay quadratic in the fleet). An airframe left with none has no entry,
/// so two indexes of the same pieces are equal however they were built.
public struct InstalledIndex: Equatable, Sendable {
    private var serials: [String: Set<String>] = [:]

    public init() {}

    /// Piece `serial` moved from one airframe (or none) to another (or none).
    public mutating func move(_ serial: String, from: String?, to: String?) {
        guard from != to else { return }
        if let from, var held = serials[from] {
            held.remove(serial)
            serials[from] = held.isEmpty ? nil : held
        }
        if let to { serials[to, default: []].insert(serial) }
    }

    public func serials(in airframe: String) -> Set<String> { serials[airframe] ?? [] }

    /// Drops what the airframe holds (a reader that will not ask about it again).
    public mutating func forget(_ airframe: String) { serials[airframe] = nil }

    /// The pieces installed in `airframe`, by serial, each looked up in the table beside.
    public func pieces(in airframe: String, _ piece: (String) -> Piece?) -> [Piece] {
        serials(in: airframe).compactMap(piece).filter { $0.status == .installed }.sorted { $0.serial < $1.serial }
    }
}
