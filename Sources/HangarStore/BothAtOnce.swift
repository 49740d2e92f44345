import Foundation

/// Two independent parts of one answer made at once, each on a thread of its own (the
/// report's summaries beside its stock lists, the due list beside the summaries, the
/// national fold beside its supply group); their results, or the first part's error.
/// Parts that cannot fail give `E == Never`, and so does the call.
public enum BothAtOnce {
    public static func run<A: Sendable, B: Sendable, E: Error>(_ a: @escaping @Sendable () throws(E) -> A,
                                                               _ b: @escaping @Sendable () throws(E) -> B) throws(E) -> (A, B) {
        let results = Results<A, B, E>()
        DispatchQueue.concurrentPerform(iterations: 2) { part in
            if part == 0 { results.set(first: Result(catching: a)) } else { results.set(second: Result(catching: b)) }
        }
        return try results.both()
    }

    private final class Results<A: Sendable, B: Sendable, E: Error>: @unchecked Sendable {
        private let lock = NSLock()
        private var first: Result<A, E>?
        private var second: Result<B, E>?
        func set(first result: Result<A, E>) { lock.withLock { first = result } }
        func set(second result: Result<B, E>) { lock.withLock { second = result } }
        func both() throws(E) -> (A, B) {
            let (a, b) = lock.withLock { (first!, second!) }
            return (try a.get(), try b.get())
        }
    }
}
