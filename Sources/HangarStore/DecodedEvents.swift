import Foundation
import HangarCore

/// A chunk of event rows whose data is being read into events on another thread, started
/// when made; `forEach` waits for them. (Nil for an empty chunk: the end of the rows.)
final class DecodedEvents: @unchecked Sendable {
    private let done = DispatchGroup()
    /// Written on the reading thread before it leaves `done`; read after `done.wait()`.
    private var events: [RecordedEvent] = []
    /// The first row that does not read (the events before it are in `events`).
    private var failure: (any Error)?

    init?(_ rows: [StoredEventColumns]) {
        guard !rows.isEmpty else { return nil }
        done.enter()
        DispatchQueue.global().async { [self] in
            events.reserveCapacity(rows.count)
            do {
                for row in rows { events.append(try row.event(forMetrics: true)) }
            } catch {
                failure = error
            }
            done.leave()
        }
    }

    /// Hands on the chunk's events in row order, then throws the error of a row that did not read.
    func forEach(_ body: (RecordedEvent) throws -> Void) throws {
        done.wait()
        for event in events { try body(event) }
        if let failure { throw failure }
    }
}
