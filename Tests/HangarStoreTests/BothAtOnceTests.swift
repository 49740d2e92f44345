import Foundation
import Testing
@testable import HangarStore

/// Two parts made at once (in turn on one core: running at once is for speed, not needed):
/// both results in their places, and a failing part's error is the call's.
struct BothAtOnceTests {
    struct Refused: Error, Equatable { let part: Int }

    @Test func bothResultsEachInItsPlace() {
        let (a, b) = BothAtOnce.run({ (1...1000).reduce(0, +) }, { "second" })
        #expect(a == 500_500)
        #expect(b == "second")
    }

    @Test func aFailingPartsErrorIsTheCalls() {
        let one: @Sendable () throws(Refused) -> Int = { 1 }
        let failing: @Sendable () throws(Refused) -> Int = { () throws(Refused) -> Int in throw Refused(part: 2) }
        do {
            _ = try BothAtOnce.run(one, failing)
            Issue.record("the second part's error was not thrown")
        } catch {
            #expect(error == Refused(part: 2))
        }
        do {
            _ = try BothAtOnce.run(failing, one)
            Issue.record("the first part's error was not thrown")
        } catch {
            #expect(error == Refused(part: 2))
        }
    }
}
