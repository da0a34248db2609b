import Foundation
import Testing
import TrustMonitorCore

/// SLA figures of one day on known histories, to the second: edges of the period, overlaps, maintenance (one-off
/// and recurring), coverage gaps, a monitor created mid-day, open incidents, degraded time.
@Suite struct SLAFiguresTests {
    /// 2026-11-02T00:00:00Z.
    static let t0: Int64 = 1_793_577_600
    static let day = t0..<(t0 + 86_400)
    /// A monitor checked every minute since well before the day, with every check of every hour run.
    static let fullHours = Dictionary(uniqueKeysWithValues: (0..<24).map { (t0 + Int64($0) * 3600, 60) })

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        var createdAt: Int64 = t0 - 86_400
        var incidents: [Range<Int64>] = []
        var maintenance: [Range<Int64>] = []
        var degraded: [Range<Int64>] = []
        var checks: [Int64: Int] = fullHours
        var includeMaintenance = false
        // Expected, in seconds and checks.
        var monitored: Int64 = 86_400
        var maintenanceSeconds: Int64 = 0
        var down: Int64 = 0
        var degradedSeconds: Int64 = 0
        var unobserved: Int64 = 0
        var due: Int64 = 1440
        var run: Int64 = 1440
        var incidentIDs: [String]? = nil

        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "nothing happened"),
        Case(name: "one incident of ten minutes", incidents: [t0 + 3600..<t0 + 4200], down: 600),
        Case(name: "an incident that began the day before", incidents: [t0 - 1800..<t0 + 1200], down: 1200),
        Case(name: "an incident that ends the day after", incidents: [t0 + 86_100..<t0 + 90_000], down: 300),
        Case(name: "overlapping incidents count once", incidents: [t0 + 100..<t0 + 400, t0 + 300..<t0 + 700], down: 600,
             incidentIDs: ["inc_0", "inc_1"]),
        Case(name: "an incident outside the day", incidents: [t0 - 7200..<t0 - 3600], incidentIDs: []),
        // 00:50-01:10 down, 01:00-02:00 maintenance: ten minutes down, the maintenance hour due nothing.
        Case(name: "an incident partly in maintenance", incidents: [t0 + 3000..<t0 + 4200],
             maintenance: [t0 + 3600..<t0 + 7200], maintenanceSeconds: 3600, down: 600, due: 1380, run: 1380),
        Case(name: "maintenance counted", incidents: [t0 + 3000..<t0 + 4200], maintenance: [t0 + 3600..<t0 + 7200],
             includeMaintenance: true, maintenanceSeconds: 3600, down: 1200),
        Case(name: "overlapping windows count once", maintenance: [t0..<t0 + 1800, t0 + 900..<t0 + 3600],
             maintenanceSeconds: 3600, due: 1380, run: 1380),
        // 05:00-06:00 ran 30 of 60 checks: 30 minutes no check vouches for.
        Case(name: "a coverage gap", checks: fullHours.merging([t0 + 5 * 3600: 30]) { $1 }, unobserved: 1800,
             due: 1440, run: 1410),
        Case(name: "an hour with no checks", checks: fullHours.filter { $0.key != t0 + 7 * 3600 }, unobserved: 3600,
             run: 1380),
        // The gap's hour was down 40 minutes: only its 20 other minutes can be unvouched for.
        Case(name: "a gap in an hour mostly down", incidents: [t0 + 5 * 3600..<t0 + 5 * 3600 + 2400],
             checks: fullHours.merging([t0 + 5 * 3600: 30]) { $1 }, down: 2400, unobserved: 1200, run: 1410),
        Case(name: "extra checks in one hour fill no gap in another",
             checks: fullHours.merging([t0: 120, t0 + 3600: 0]) { $1 }, unobserved: 3600, run: 1380),
        Case(name: "a monitor created at noon", createdAt: t0 + 43_200,
             checks: fullHours.filter { $0.key >= t0 + 43_200 }, monitored: 43_200, due: 720, run: 720),
        // Created 12:30: its first hour has half an hour in scope, 30 checks due; the hour's 60 count as 30.
        Case(name: "a monitor created at half past noon", createdAt: t0 + 45_000,
             checks: fullHours.filter { $0.key >= t0 + 43_200 }, monitored: 41_400, due: 690, run: 690),
        Case(name: "a monitor created after the day", createdAt: t0 + 90_000, checks: [:], monitored: 0, due: 0, run: 0),
        Case(name: "degraded time is never downtime", incidents: [t0 + 8000..<t0 + 8600],
             degraded: [t0 + 7200..<t0 + 9000], down: 600, degradedSeconds: 1200),
        Case(name: "degraded time in maintenance is left out", maintenance: [t0 + 7200..<t0 + 7800],
             degraded: [t0 + 7200..<t0 + 9000], maintenanceSeconds: 600, degradedSeconds: 1200, due: 1430, run: 1430),
    ]

    @Test(arguments: cases)
    func dayFigures(_ example: Case) {
        let history = SLAHistory(
            createdAt: example.createdAt, intervalMs: 60_000,
            incidents: example.incidents.enumerated().map { .init(id: "inc_\($0.offset)", span: $0.element) },
            maintenance: SecondSpans(example.maintenance), degraded: SecondSpans(example.degraded),
            checksByHour: example.checks)
        let figures = SLADay.compute(span: Self.day, history: history, includeMaintenance: example.includeMaintenance)
        #expect(figures.day == "2026-11-02")
        #expect(figures.monitoredSeconds == example.monitored)
        #expect(figures.maintenanceSeconds == example.maintenanceSeconds)
        #expect(figures.downSeconds == example.down)
        #expect(figures.degradedSeconds == example.degradedSeconds)
        #expect(figures.unobservedSeconds == example.unobserved)
        #expect(figures.checksDue == example.due)
        #expect(figures.checksRun == example.run)
        let expectedIDs = example.incidentIDs ?? example.incidents.indices.map { "inc_\($0)" }
        #expect(figures.incidents == expectedIDs)
    }

    /// Two days, one with 864 s down and a 30-minute gap: the headline figures are the sums, the percentages follow.
    @Test func reportFiguresAreTheDaysSums() {
        let history = SLAHistory(
            createdAt: Self.t0 - 86_400, intervalMs: 60_000, incidents: [.init(id: "inc_a", span: Self.t0 + 600..<Self.t0 + 1464)],
            checksByHour: Dictionary(uniqueKeysWithValues: (0..<48).map { (Self.t0 + Int64($0) * 3600, $0 == 30 ? 30 : 60) }))
        let period = Self.t0..<(Self.t0 + 2 * 86_400)
        let days = UTCSeconds.days(in: period).map { SLADay.compute(span: $0, history: history, includeMaintenance: false) }
        #expect(days.map(\.day) == ["2026-11-02", "2026-11-03"])
        let figures = SLAFigures(days: days, period: period, createdAt: history.createdAt, includeMaintenance: false)
        #expect(figures.periodSeconds == 172_800 && figures.countedSeconds == 172_800 && figures.beforeCreationSeconds == 0)
        #expect(figures.downtimeSeconds == 864 && figures.unobservedSeconds == 1800)
        #expect(figures.observedSeconds == 171_000)
        #expect(figures.checksDue == 2880 && figures.checksRun == 2850)
        #expect(figures.uptimePercent == Double(171_000 - 864) * 100 / 171_000)
        #expect(figures.strictUptimePercent == Double(172_800 - 864 - 1800) * 100 / 172_800)
        #expect(figures.coveragePercent == 2850.0 * 100 / 2880)
    }

    /// A monitor created within the period: the time before is out of scope, in no other figure.
    @Test func timeBeforeCreationIsOutOfScope() {
        let created = Self.t0 + 86_400 + 3600
        let history = SLAHistory(createdAt: created, intervalMs: 60_000,
                                 checksByHour: Dictionary(uniqueKeysWithValues: (25..<48).map { (Self.t0 + Int64($0) * 3600, 60) }))
        let period = Self.t0..<(Self.t0 + 2 * 86_400)
        let days = UTCSeconds.days(in: period).map { SLADay.compute(span: $0, history: history, includeMaintenance: false) }
        let figures = SLAFigures(days: days, period: period, createdAt: created, includeMaintenance: false)
        #expect(figures.beforeCreationSeconds == 90_000 && figures.monitoredSeconds == 82_800)
        #expect(figures.uptimePercent == 100 && figures.strictUptimePercent == 100 && figures.checksDue == 1380)
    }

    /// A window every 6 hours for 30 minutes from 00:00, and one every day at 23:45 for an hour (into the next day).
    @Test func recurringWindowsExpandIntoTheirOccurrences() {
        let start = UTCSeconds.date(Self.t0 - 7 * 86_400)
        let sixHourly = MaintenanceWindow(name: "backup", start: start, duration: .seconds(1800), every: .seconds(21_600))
        #expect(sixHourly.spans(overlapping: Self.day).spans
            == [0, 6, 12, 18].map { Self.t0 + $0 * 3600..<Self.t0 + $0 * 3600 + 1800 })
        let nightly = MaintenanceWindow(name: "deploy", start: UTCSeconds.date(Self.t0 - 86_400 + 85_500),
                                        duration: .seconds(3600), every: .seconds(86_400))
        #expect(nightly.spans(overlapping: Self.day).spans == [Self.t0..<Self.t0 + 2700, Self.t0 + 85_500..<Self.t0 + 86_400])
        let once = MaintenanceWindow(name: "move", start: UTCSeconds.date(Self.t0 + 100), duration: .seconds(50))
        #expect(once.spans(overlapping: Self.day).spans == [Self.t0 + 100..<Self.t0 + 150])
        #expect(once.spans(overlapping: Self.t0 + 200..<Self.t0 + 300).isEmpty)
        let always = MaintenanceWindow(name: "x", start: UTCSeconds.date(Self.t0 + 60), duration: .seconds(60), every: .seconds(60))
        #expect(always.spans(overlapping: Self.day).spans == [Self.t0 + 60..<Self.t0 + 86_400])
        // The recurring window as a day's maintenance: 4 x 30 min.
        let history = SLAHistory(createdAt: Self.t0 - 86_400, intervalMs: 60_000,
                                 maintenance: sixHourly.spans(overlapping: Self.day), checksByHour: Self.fullHours)
        let figures = SLADay.compute(span: Self.day, history: history, includeMaintenance: false)
        #expect(figures.maintenanceSeconds == 7200 && figures.checksDue == 1320 && figures.unobservedSeconds == 0)
    }

    @Test func spanArithmetic() {
        let set = SecondSpans([10..<20, 15..<30, 40..<50, 50..<55, 0..<0])
        #expect(set.spans == [10..<30, 40..<55] && set.seconds == 35)
        #expect(set.subtracting(SecondSpans([12..<14, 25..<45])).spans == [10..<12, 14..<25, 45..<55])
        #expect(set.intersection(SecondSpans([0..<11, 29..<41])).spans == [10..<11, 29..<30, 40..<41])
        #expect(set.seconds(in: 0..<42) == 22)
        #expect(UTCSeconds.dayText(Self.t0 + 86_399) == "2026-11-02" && UTCSeconds.dayStart("2026-11-02") == Self.t0)
        #expect(UTCSeconds.days(in: Self.t0 - 10..<Self.t0 + 10) == [Self.t0 - 10..<Self.t0, Self.t0..<Self.t0 + 10])
    }
}
