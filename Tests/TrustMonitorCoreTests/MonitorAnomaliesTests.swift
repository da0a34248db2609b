import Testing
import TrustMonitorCore

/// A monitor's anomalies over its regions and phases, and its error rate: what the engine reconciles its stored
/// degradation periods with.
@Suite struct MonitorAnomaliesTests {
    static let start: Int64 = 1_699_920_000_000
    static let minute: Int64 = 60_000

    /// Ten minutes of normal checks every 10 s from `regions`, TLS 40 ms and total 100 ms (deterministic wobble).
    static func learned(regions: [String]) -> MonitorAnomalies {
        var anomalies = MonitorAnomalies()
        for step in 0..<60 {
            let wobble = Double(step % 5)
            for region in regions {
                anomalies.recordLatency(Phases(connect: 5 + wobble / 5, tls: 40 + wobble, total: 100 + wobble),
                                        region: region, at: start + Int64(step) * 10_000, policy: .default)
            }
        }
        return anomalies
    }

    @Test func aSlowHandshakeInTwoOfThreeRegionsIsExplainedAsSuch() {
        var anomalies = Self.learned(regions: ["ap", "eu", "us"])
        #expect(anomalies.latency(now: Self.start + 10 * Self.minute) == nil)
        // Six minutes of 3.9x handshakes in eu and us; ap stays as usual.
        var at = Self.start + 10 * Self.minute
        for _ in 0..<36 {
            for region in ["eu", "us"] {
                anomalies.recordLatency(Phases(connect: 5, tls: 164, total: 224), region: region, at: at, policy: .default)
            }
            anomalies.recordLatency(Phases(connect: 5, tls: 41, total: 101), region: "ap", at: at, policy: .default)
            at += 10_000
        }
        let anomaly = try? #require(anomalies.latency(now: at))
        #expect(anomaly?.regions == ["eu", "us"] && anomaly?.regionCount == 3)
        #expect(anomaly?.worst.phase == .tls, "the handshake is 3.9x; the total only 2.2x")
        #expect(anomaly?.description.hasPrefix("TLS handshake 3.9x its usual 42 ms for 5 minutes") == true, "\(anomaly?.description ?? "")")
        #expect(anomaly?.description.hasSuffix("in 2 of 3 regions") == true, "\(anomaly?.description ?? "")")

        // Back to usual everywhere: nothing unusual after the quiet spell, and the ending covers the whole slowdown.
        for _ in 0..<24 {
            for region in ["ap", "eu", "us"] {
                anomalies.recordLatency(Phases(connect: 5, tls: 41, total: 101), region: region, at: at, policy: .default)
            }
            at += 10_000
        }
        #expect(anomalies.latency(now: at) == nil)
        let endings = anomalies.takeEndings(regionCount: 3)
        #expect(endings.explanation?.regions == ["eu", "us"])
        #expect(endings.explanation?.worst.phase == .tls)
        #expect(endings.shifts.isEmpty)
        #expect(endings.lastSlowAt == Self.start + 10 * Self.minute + 35 * 10_000, "the last slow check, not the quiet after")
        #expect(anomalies.takeEndings(regionCount: 3).explanation == nil, "taken once")
    }

    @Test func aRegionSilentForAnHourNoLongerCounts() {
        let anomalies = Self.learned(regions: ["eu", "us"])
        let lastSample = Self.start + 59 * 10_000
        #expect(anomalies.regionCount(now: lastSample) == 2)
        #expect(anomalies.regionCount(now: lastSample + 61 * Self.minute) == 0)
        #expect(anomalies.hasLearned)
        #expect(!MonitorAnomalies().hasLearned)
    }

    @Test func failedChecksTeachNothingAboutLatency() {
        var anomalies = MonitorAnomalies()
        for step in 0..<40 { anomalies.recordCheck(at: Self.start + Int64(step) * 10_000) }
        #expect(!anomalies.hasLearned && anomalies.latency(now: Self.start + 400_000) == nil)
    }

    /// (checks per 5 minutes over 25 hours, suppressed failures in the last hour, anomaly expected)
    @Test(arguments: [
        (12, 0, false),  // spotless
        (12, 2, false),  // 2 failures: under the 3 the rule needs
        (12, 9, true),   // 9 of 144 checks (6%): 12x the 0.5% floor
        (1, 3, true),    // 3 of 12 checks (25%), against 288 baseline checks: enough to know what is usual
        (0, 3, false),   // no baseline at all: nothing is known to be unusual
    ] as [(Int, Int, Bool)])
    func errorRateAgainstTheDayBefore(perBucket: Int, failures: Int, expected: Bool) {
        var anomalies = MonitorAnomalies()
        let bucket: Int64 = 300_000
        for index in 0..<300 {
            for check in 0..<perBucket { anomalies.recordCheck(at: Self.start + Int64(index) * bucket + Int64(check)) }
        }
        for failure in 0..<failures { anomalies.recordSuppressed(at: Self.start + 299 * bucket + Int64(failure)) }
        let anomaly = anomalies.errorRate()
        #expect((anomaly != nil) == expected, "\(anomaly?.description ?? "none")")
    }

    @Test func oldFailuresAgeOutOfTheCurrentHour() {
        var anomalies = MonitorAnomalies()
        let bucket: Int64 = 300_000
        for index in 0..<300 {
            for check in 0..<12 { anomalies.recordCheck(at: Self.start + Int64(index) * bucket + Int64(check)) }
        }
        for failure in 0..<6 { anomalies.recordSuppressed(at: Self.start + 299 * bucket + Int64(failure)) }
        #expect(anomalies.errorRate()?.current.failures == 6)
        // Two hours of clean checks later, the failures are in the baseline, no longer the current hour.
        for index in 300..<324 {
            for check in 0..<12 { anomalies.recordCheck(at: Self.start + Int64(index) * bucket + Int64(check)) }
        }
        #expect(anomalies.errorRate() == nil)
    }
}
