import Foundation
import Testing
import TrustMonitorCore

@Suite struct AnomalyDetectorTests {
    typealias S = GeneratedSeries

    /// Series on which nothing must ever be reported.
    static let quiet: [GeneratedSeries] = [
        S(name: "steady 40 ms", duration: 6 * S.hour) { _, n in S.steady(40, n) },
        S(name: "noisy, log-normal around 40 ms", duration: 12 * S.hour) { _, n in 40 * exp(0.3 * n) },
        S(name: "single 2 s spike", duration: 2 * S.hour) { offset, n in
            offset == S.hour ? 2000 : S.steady(40, n)
        },
        S.window("3-minute burst at 5x", base: 40, slow: 200, from: S.hour, until: S.hour + 3 * S.minute,
                 duration: 2 * S.hour),
        S(name: "burst of scattered slow checks (1 in 3)", duration: 3 * S.hour) { offset, n in
            offset >= S.hour && offset < 2 * S.hour && offset / 10_000 % 3 == 0 ? 400 : S.steady(40, n)
        },
        S.window("1 ms -> 3 ms on loopback", base: 1, slow: 3, from: S.hour, until: 3 * S.hour,
                 duration: 4 * S.hour),
        S(name: "slow drift 40 -> 160 ms over 3 days", duration: 3 * S.day) { offset, n in
            S.steady(40 + 120 * Double(offset) / Double(3 * S.day), n)
        },
        S(name: "smooth daily curve 40-100 ms", duration: 4 * S.day) { offset, n in
            S.steady(70 + 30 * sin(2 * Double.pi * Double(offset) / Double(S.day)), n)
        },
        S(name: "slow first checks (cold start)", duration: 2 * S.hour) { offset, n in
            offset < 3 * S.minute ? 500 : S.steady(40, n)
        },
        S(name: "faster step 120 -> 40 ms", duration: 3 * S.hour) { offset, n in
            S.steady(offset < S.hour ? 120 : 40, n)
        },
    ]

    @Test(arguments: quiet)
    func reportsNothing(series: GeneratedSeries) {
        let run = DetectorRun(series)
        #expect(run.lines == [])
        #expect(!run.statuses.contains(.degraded))
    }

    struct Flagged: Sendable, CustomStringConvertible {
        var series: GeneratedSeries
        var phase: LatencyPhase
        var expected: [String]
        var description: String { series.name }
    }

    static let flagged: [Flagged] = [
        Flagged(series: S.window("sustained slowdown, 4.1x for 10 minutes", base: 40, slow: 164, from: S.hour,
                                 until: S.hour + 10 * S.minute, duration: 2 * S.hour),
                phase: .tls,
                expected: ["65m: degraded: TLS handshake 4.1x its usual 40 ms for 5 minutes",
                           "72m: recovered: TLS handshake 4.1x its usual 40 ms for 9 minutes"]),
        Flagged(series: S.window("step 40 -> 120 ms that stays", base: 40, slow: 120, from: S.hour,
                                 until: 9 * S.hour, duration: 9 * S.hour),
                phase: .total,
                expected: ["65m: degraded: Response time 3x its usual 40 ms for 5 minutes",
                           "120m: moved: Response time baseline moved from 40 ms to 119 ms on 2023-11-14T02:00:00.000Z"]),
        Flagged(series: S.window("slow DNS, 1.2 s for 20 minutes", base: 20, slow: 1200, from: 2 * S.hour,
                                 until: 2 * S.hour + 20 * S.minute, duration: 3 * S.hour),
                phase: .dns,
                expected: ["125m: degraded: DNS lookup 60x its usual 20 ms for 5 minutes",
                           "142m: recovered: DNS lookup 60x its usual 20 ms for 19 minutes"]),
    ]

    @Test(arguments: flagged)
    func flagsSustainedSlowdowns(row: Flagged) {
        let run = DetectorRun(row.series, phase: row.phase)
        #expect(run.lines == row.expected)
    }

    @Test func degradedIsReportedOnlyAfterMinimumDurationAndClearsAfterQuietSpell() {
        let series = S.window("slowdown", base: 40, slow: 164, from: S.hour, until: S.hour + 10 * S.minute,
                              duration: 2 * S.hour)
        let run = DetectorRun(series, phase: .tls)
        let index = { (offset: Int64) in Int(offset / series.interval) }
        #expect(run.statuses[index(S.hour - 10_000)] == .normal)
        #expect(run.statuses[index(S.hour)] == .deviating)
        #expect(run.statuses[index(S.hour + 4 * S.minute)] == .deviating)
        #expect(run.statuses[index(S.hour + 5 * S.minute)] == .degraded)
        #expect(run.statuses[index(S.hour + 12 * S.minute)] == .degraded)
        #expect(run.statuses[index(S.hour + 13 * S.minute)] == .normal)
        #expect(run.statuses.last == .normal)
    }

    @Test func noJudgementBeforeMinimumSamples() {
        var detector = AnomalyDetector(phase: .total)
        for index in 0..<29 {
            #expect(detector.record(index < 10 ? 40 : 4000, at: Int64(index) * 10_000, policy: .default) == nil)
            #expect(detector.status == .learning)
        }
        _ = detector.record(40, at: 290_000, policy: .default)
        #expect(detector.status == .normal)
    }

    @Test func explanationIsAvailableWhileDegraded() {
        var detector = AnomalyDetector(phase: .ttfb)
        var explanations: [String] = []
        for sample in S.window("x", base: 40, slow: 100, from: S.hour, until: 2 * S.hour, duration: 2 * S.hour)
            .samples() {
            _ = detector.record(sample.ms, at: sample.at, policy: .default)
            if sample.at - S.start == S.hour + 6 * S.minute, let text = detector.explanation?.description {
                explanations.append(text)
            }
        }
        #expect(explanations == ["Time to first byte 2.5x its usual 40 ms for 6 minutes"])
    }

    @Test func nightlyBatchHourIsFlaggedOnlyUntilTheHourOfDayProfileHasThreeDays() {
        let series = S(name: "02:00-03:00 UTC at 150 ms every night", duration: 7 * S.day) { offset, n in
            S.steady(LatencyBaseline.hourOfDay(S.start + offset) == 2 ? 150 : 40, n)
        }
        let run = DetectorRun(series)
        let days = run.events.map { $0.offset / S.day }
        #expect(days.contains(0))
        #expect(days.allSatisfy { $0 < 3 }, "\(run.lines)")
    }
}
