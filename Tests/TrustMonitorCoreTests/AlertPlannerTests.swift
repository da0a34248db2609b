import Foundation
import Testing
import TrustMonitorCore

/// Reminders, escalations, certificate warnings and maintenance windows as plain values and times.
@Suite struct AlertPlannerTests {
    static let opened = Date(timeIntervalSince1970: 1_764_000_000)
    static let routes = [
        AlertRoute(channel: "chat", reminder: .seconds(600), escalateAfter: .seconds(900), escalateTo: ["pager", "boss"]),
        AlertRoute(channel: "pager", escalateAfter: .seconds(1800), escalateTo: ["boss"]),
    ]

    static func due(after seconds: Double, acknowledged: Bool = false) -> [DueAlert] {
        AlertPlanner.due(incidentID: "inc_1", openedAt: opened, acknowledged: acknowledged, routes: routes,
                         now: opened.addingTimeInterval(seconds))
    }

    @Test func remindersCountFullPeriodsAndOnlyTheLatestIsPlanned() {
        #expect(Self.due(after: 599).isEmpty)
        #expect(Self.due(after: 600) == [DueAlert(channel: "chat", kind: .reminder, eventID: "inc_1:reminder:1")])
        // After a long silence (a server down for three periods): one reminder, the current one.
        #expect(Self.due(after: 3 * 600 + 5).filter { $0.kind == .reminder }.map(\.eventID) == ["inc_1:reminder:3"])
    }

    @Test func escalationGoesOnceToEachTargetWhateverRoutesNameIt() {
        let due = Self.due(after: 1800).filter { $0.kind == .escalation }
        #expect(due == [DueAlert(channel: "pager", kind: .escalation, eventID: "inc_1:escalation"),
                        DueAlert(channel: "boss", kind: .escalation, eventID: "inc_1:escalation")])
        #expect(Self.due(after: 899).filter { $0.kind == .escalation }.isEmpty)
    }

    @Test func acknowledgedIncidentsGetNothing() {
        #expect(Self.due(after: 7200, acknowledged: true).isEmpty)
        #expect(!Self.due(after: 7200).isEmpty)
    }

    @Test func certificateWarningsStartInsideTheWindowOncePerCertificate() {
        let now = Self.opened
        let warning = Duration.seconds(14 * 86_400)
        #expect(AlertPlanner.certificateWarningDue(notAfter: now.addingTimeInterval(13 * 86_400), warning: warning, now: now))
        #expect(!AlertPlanner.certificateWarningDue(notAfter: now.addingTimeInterval(15 * 86_400), warning: warning, now: now))
        #expect(!AlertPlanner.certificateWarningDue(notAfter: now, warning: .zero, now: now), "zero turns warnings off")
        let first = AlertPlanner.certificateEventID(monitorID: "mon_1", notAfter: now)
        #expect(first == AlertPlanner.certificateEventID(monitorID: "mon_1", notAfter: now))
        #expect(first != AlertPlanner.certificateEventID(monitorID: "mon_1", notAfter: now.addingTimeInterval(90 * 86_400)))
    }

    @Test func maintenanceWindowsHoldTheirMonitorsInsideEachOccurrence() {
        let start = Self.opened
        let nightly = MaintenanceWindow(name: "nightly", start: start, duration: .seconds(3600), every: .seconds(86_400),
                                        monitors: ["api"])
        #expect(!nightly.isActive(at: start.addingTimeInterval(-1)))
        #expect(nightly.isActive(at: start))
        #expect(nightly.isActive(at: start.addingTimeInterval(3599)))
        #expect(!nightly.isActive(at: start.addingTimeInterval(3600)))
        #expect(nightly.isActive(at: start.addingTimeInterval(3 * 86_400 + 10)))
        let once = MaintenanceWindow(name: "move", start: start, duration: .seconds(60), tags: ["db"])
        #expect(!once.isActive(at: start.addingTimeInterval(86_400 + 10)))
        let inside = start.addingTimeInterval(30)
        #expect(MaintenanceWindow.holds([nightly, once], monitor: "api", tags: [], at: inside))
        #expect(MaintenanceWindow.holds([nightly, once], monitor: "pg", tags: ["db"], at: inside))
        #expect(!MaintenanceWindow.holds([nightly, once], monitor: "web", tags: ["edge"], at: inside))
        let everything = MaintenanceWindow(name: "all", start: start, duration: .seconds(60))
        #expect(everything.covers(monitor: "web", tags: []))
    }
}
