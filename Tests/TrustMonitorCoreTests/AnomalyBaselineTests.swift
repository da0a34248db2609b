import Testing
import TrustMonitorCore

@Suite struct AnomalyBaselineTests {
    @Test func medianAndMADIgnoreOutliers() {
        var baseline = LatencyBaseline()
        for index in 0..<170 { baseline.record(Double(38 + index % 5), at: Int64(index) * 10_000) }
        for index in 170..<180 { baseline.record(30_000, at: Int64(index) * 10_000) }
        let recent = baseline.recent
        #expect(recent?.median == 40)
        // |x - 40| is 0, 1 or 2 (plus ten outliers): its median is 1, scaled by 1.4826.
        #expect(recent.map { abs($0.mad - 1.4826) < 1e-9 } == true)
        #expect(recent?.samples == 180)
        #expect(recent?.seasonal == false)
    }

    /// The estimate is refreshed on the first sample and then every 10th, and never holds more than 180.
    @Test(arguments: [(1, 1), (9, 1), (10, 10), (179, 170), (180, 180), (5000, 180)])
    func recentWindowHoldsAtMostWindowSize(count: Int, estimated: Int) {
        var baseline = LatencyBaseline()
        for index in 0..<count { baseline.record(40, at: Int64(index) * 10_000) }
        #expect(baseline.recent?.samples == estimated)
        #expect(baseline.learned == count)
    }

    @Test func samplesNotLearnedStayOutOfTheRecentWindow() {
        var baseline = LatencyBaseline()
        for index in 0..<100 { baseline.record(40, at: Int64(index) * 10_000) }
        for index in 100..<200 { baseline.record(900, at: Int64(index) * 10_000, learn: false) }
        #expect(baseline.recent?.median == 40)
        #expect(baseline.learned == 100)
    }

    struct SeasonalCase: Sendable, CustomStringConvertible {
        var days: Int
        var expectSeasonal: Bool
        var description: String { "\(days) days of history" }
    }

    /// The hour profile needs three days of history and 18 samples (one per 10 minutes) in that hour.
    @Test(arguments: [SeasonalCase(days: 2, expectSeasonal: false), SeasonalCase(days: 3, expectSeasonal: true),
                      SeasonalCase(days: 5, expectSeasonal: true)])
    func hourOfDayProfileOnlyWithEnoughHistory(row: SeasonalCase) {
        var baseline = LatencyBaseline()
        let start = GeneratedSeries.start
        let end = start + Int64(row.days) * GeneratedSeries.day
        for at in stride(from: start, to: end, by: 10_000) {
            baseline.record(LatencyBaseline.hourOfDay(at) == 2 ? 150 : 40, at: at)
        }
        let twoAM = end + 2 * GeneratedSeries.hour
        let seasonal = baseline.seasonal(at: twoAM)
        #expect((seasonal != nil) == row.expectSeasonal)
        if row.expectSeasonal {
            #expect(seasonal?.median == 150)
            #expect(seasonal?.samples == min(row.days * 6, 28))
            #expect(baseline.seasonal(at: twoAM + GeneratedSeries.hour)?.median == 40)
        }
    }

    @Test func restartReplacesTheRecentWindow() {
        var baseline = LatencyBaseline()
        for index in 0..<180 { baseline.record(40, at: Int64(index) * 10_000) }
        baseline.restart(with: Array(repeating: 120, count: 60))
        #expect(baseline.recent?.median == 120)
        #expect(baseline.learned == 60)
    }

    @Test(arguments: [(Int64(0), 0), (3_600_000, 1), (86_399_999, 23), (86_400_000, 0), (-1, 23)])
    func hourOfDayIsUTC(at: Int64, hour: Int) {
        #expect(LatencyBaseline.hourOfDay(at) == hour)
    }
}
