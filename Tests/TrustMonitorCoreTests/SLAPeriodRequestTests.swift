import Foundation
import Testing
import TrustMonitorCore

/// How a report's period is read from what a person types.
@Suite struct SLAPeriodRequestTests {
    /// 2026-12-15T12:00:00Z.
    static let now = Date(timeIntervalSince1970: 1_797_336_000)
    static let november = UTCSeconds.dayStart("2026-11-01")!

    @Test func bareDatesAreWholeDaysWithTheLastIncluded() throws {
        let resolved = try SLAPeriodRequest.resolve(from: "2026-11-01", to: "2026-11-30", now: Self.now).get()
        #expect(resolved.range == Self.november..<(Self.november + 30 * 86_400) && resolved.requestedTo == nil)
    }

    @Test func timesAreExactAndTheEndIsExcluded() throws {
        let resolved = try SLAPeriodRequest.resolve(from: "2026-11-01T06:00:00Z", to: "2026-11-01T07:30:00.900+01:00",
                                                    now: Self.now).get()
        #expect(resolved.range == (Self.november + 21_600)..<(Self.november + 23_400))
    }

    @Test func aPeriodIntoTheFutureIsCutAtNow() throws {
        let resolved = try SLAPeriodRequest.resolve(from: "2026-12-01", to: "2026-12-31", now: Self.now).get()
        #expect(resolved.range.upperBound == UTCSeconds.of(Self.now))
        #expect(resolved.requestedTo == UTCSeconds.dayStart("2027-01-01"))
    }

    @Test(arguments: [
        ("2026-11-31", "2026-12-01", "from"), ("yesterday", "2026-12-01", "from"), ("2026-11-01", "soon", "to"),
        ("2026-11-02", "2026-11-01", "to"), ("2026-11-01T00:00:00Z", "2026-11-01T00:00:00Z", "to"),
        ("2026-12-16", "2026-12-20", "from"),
    ])
    func badPeriodsAreRefusedNamingTheParameter(from: String, to: String, parameter: String) {
        switch SLAPeriodRequest.resolve(from: from, to: to, now: Self.now) {
        case .success(let resolved): Issue.record("accepted \(from)..\(to) as \(resolved)")
        case .failure(let problem): #expect(problem.parameter == parameter, "\(problem)")
        }
    }
}
