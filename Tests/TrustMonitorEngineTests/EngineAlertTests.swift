import Foundation
import NIOConcurrencyHelpers
import Testing
import TrustMonitorCore
@testable import TrustMonitorEngine
import TrustMonitorProbe
import TrustMonitorStore
@testable import TrustMonitorTestSupport

/// The alerts the engine's decisions put in the outbox: one per channel for each confirmed incident event, none
/// for a suppressed false alarm, held in maintenance, reminders and escalation while unacknowledged.
@Suite struct EngineAlertTests {
    static let routes = [
        AlertRoute(channel: "chat", reminder: .seconds(600), escalateAfter: .seconds(900), escalateTo: ["pager"]),
        AlertRoute(channel: "pager"),
    ]

    @Test func anOutageAlertsOnOpenAndResolveOncePerChannel() async throws {
        let target = TargetSwitch()
        let server = try await TestServer.start { _ in target.isDown ? .respond(status: 500, body: "boom") : .ok() }
        let harness = try await EngineHarness.start(
            monitors: [("api", server.url("/"))], alertRoutes: Self.routes,
            alertSettings: AlertSettings(publicURL: "https://status.example.com"))
        let id = try await harness.monitorID("api")
        _ = await harness.eventually { (try? await harness.store.monitor(id: id))?.state == .up }
        target.isDown = true
        let opened = await harness.eventually { (try? await harness.store.openIncident(monitor: id)) != nil }
        let incident = try #require(try await harness.store.openIncident(monitor: id))
        target.isDown = false
        let resolved = await harness.eventually {
            (try? await harness.store.incidents(state: .resolved, monitor: id, limit: 10).count) == 1
        }
        let alerts = try await harness.store.alertDeliveries(state: nil, incident: incident.id, limit: 100)
        try await harness.stop()
        try await server.shutdown()

        #expect(opened && resolved)
        #expect(Set(alerts.map(\.key)) == ["\(incident.id):opened/chat", "\(incident.id):opened/pager",
                                           "\(incident.id):resolved/chat", "\(incident.id):resolved/pager"])
        #expect(alerts.allSatisfy { $0.state == .pending })
        let open = try #require(alerts.first { $0.key == "\(incident.id):opened/chat" })
        #expect(open.message.kind == .opened)
        #expect(open.message.failure?.code == .http5xx)
        #expect(open.message.bundleURL == "https://status.example.com/api/v1/incidents/\(incident.id)/bundle")
        #expect(open.message.confirmations.count >= 2)
        let recovery = try #require(alerts.first { $0.key == "\(incident.id):resolved/pager" })
        #expect(recovery.message.resolvedAt != nil)
    }

    @Test func aSuppressedFalseAlarmAlertsNobody() async throws {
        let failures = FailureBudget(1)
        let server = try await TestServer.start { _ in failures.take() ? .respond(status: 500, body: "blip") : .ok() }
        let harness = try await EngineHarness.start(monitors: [("api", server.url("/"))], alertRoutes: Self.routes)
        let id = try await harness.monitorID("api")
        let suppressed = await harness.eventually {
            (try? await harness.store.suppressedEpisodes(monitor: id, limit: 10).isEmpty) == false
        }
        let alerts = try await harness.store.alertDeliveries(state: nil, incident: nil, limit: 100)
        try await harness.stop()
        try await server.shutdown()
        #expect(suppressed)
        #expect(alerts.isEmpty)
    }

    @Test func maintenanceHoldsAlertsAndRemindersStopWhenAcknowledged() async throws {
        let server = try await TestServer.start { _ in .respond(status: 500, body: "down") }
        let window = MaintenanceWindow(name: "now", start: Date().addingTimeInterval(-60), duration: .seconds(3600),
                                       monitors: ["api"])
        let harness = try await EngineHarness.start(monitors: [("api", server.url("/"))], alertRoutes: Self.routes,
                                                    alertSettings: AlertSettings(maintenance: [window]))
        let id = try await harness.monitorID("api")
        #expect(await harness.eventually { (try? await harness.store.openIncident(monitor: id)) != nil })
        let incident = try #require(try await harness.store.openIncident(monitor: id))
        let held = try await harness.store.alertDeliveries(state: .held, incident: incident.id, limit: 10)
        #expect(held.map(\.channel).sorted() == ["chat", "pager"])

        // Out of maintenance: a reminder after 10 minutes, the escalation after 15, each once however often planned.
        await harness.engine.setAlertSettings(AlertSettings())
        let later = incident.openedAt.addingTimeInterval(16 * 60)
        try await harness.engine.planOpenIncidents(now: later)
        try await harness.engine.planOpenIncidents(now: later)
        let planned = try await harness.store.alertDeliveries(state: .pending, incident: incident.id, limit: 10)
        #expect(Set(planned.map(\.key)) == ["\(incident.id):reminder:1/chat", "\(incident.id):escalation/pager"])

        _ = try await harness.store.acknowledgeIncident(id: incident.id, by: "alice", at: later)
        try await harness.engine.planOpenIncidents(now: later.addingTimeInterval(3600))
        let after = try await harness.store.alertDeliveries(state: .pending, incident: incident.id, limit: 10)
        try await harness.stop()
        try await server.shutdown()
        #expect(after.count == planned.count, "acknowledged: no more reminders")
    }
}

extension EngineAlertTests {
    /// A certificate inside the warning window: one warning per channel, drafted once however many checks see it.
    @Test func aCertificateExpiringSoonIsWarnedOfOnce() async throws {
        let authority = try TestCertificateAuthority()
        let notAfter = Date.now + 5 * TestCertificateAuthority.day
        let server = try await TestServer.start(tls: try authority.issue(notValidAfter: notAfter), always: .ok())
        let directory = NSTemporaryDirectory() + "tm-cert-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let store = try await SQLiteStore.open(path: directory + "/trustmonitor.db")
        try await store.migrate()
        let url = server.url("/")
        let record = try await store.upsertMonitor(name: "tls", endpoint: url, interval: .milliseconds(250), now: Date())
        let request = CheckRequest(target: try Target.parse(url), timeout: .seconds(2), retry: .never,
                                   caFile: try authority.writeCertificatePEM())
        let queue = JobQueue()
        let engine = MonitorEngine(store: store, queue: queue)
        try await engine.apply([MonitorDefinition(
            id: record.id, name: "tls", request: request, interval: .milliseconds(250), verification: .default,
            paused: false, alertRoutes: Self.routes, certificateExpiryWarning: .seconds(14 * 86_400))])
        let service = MonitoringService(engine: engine, queue: queue, prober: Prober(), concurrency: 2)
        let task = Task { _ = try? await service.run() }
        let checked = await eventually {
            (try? await store.observations(monitor: record.id, since: nil, limit: 10).count) ?? 0 >= 4
        }
        await queue.close()
        task.cancel()
        await task.value
        let alerts = try await store.alertDeliveries(state: nil, incident: nil, limit: 10)
        try await store.close()
        try await server.shutdown()

        #expect(checked)
        #expect(alerts.map(\.channel).sorted() == ["chat", "pager"], "\(alerts.map(\.key))")
        #expect(alerts.allSatisfy { $0.message.kind == .certificateExpiring && $0.message.incidentID == nil })
        let expires = try #require(alerts.first?.message.certificateExpiresAt)
        #expect(abs(expires.timeIntervalSince(notAfter)) < 2)
    }
}

/// Fails the first `count` requests, then succeeds.
final class FailureBudget: Sendable {
    private let left: NIOLockedValueBox<Int>
    init(_ count: Int) { left = NIOLockedValueBox(count) }
    func take() -> Bool {
        left.withLockedValue { left in
            guard left > 0 else { return false }
            left -= 1
            return true
        }
    }
}
