import Foundation
import Testing
import TrustMonitorCore
import TrustMonitorStore

/// The alert outbox: written with its incident event, kept once per key, claimed by one sender at a time, every
/// attempt counted, nothing dropped; and incident acknowledgements, kept once.
extension StoreConformance {
    /// An incident's alerts commit with its event: none when the event is not written (already open, already
    /// resolved), none when its transaction fails.
    func alertsAreWrittenWithTheIncidentEvent() async throws {
        try await withFreshStore { store in
            let api = try await store.upsertMonitor(name: "api", endpoint: Fixture.endpoint, interval: .seconds(30),
                                                    now: AlertFixture.start)
            let openedAt = AlertFixture.start.addingTimeInterval(60)
            let incident = Fixture.incident("inc_1", monitor: api, openedAt: openedAt)
            let opened = AlertFixture.drafts(.opened, "inc_1:opened", monitor: api, incident: "inc_1", at: openedAt,
                                             channels: ["oncall", "slack"])
            _ = try await store.openIncident(incident, alerts: opened)
            let written = try await store.alertDeliveries(state: nil, incident: "inc_1", limit: 10)
            #expect(Set(written.map(\.key)) == ["inc_1:opened/oncall", "inc_1:opened/slack"])
            #expect(written.allSatisfy { $0.state == .pending && $0.attempts == 0 && $0.createdAt == openedAt })
            #expect(written.allSatisfy { $0.nextAttemptAt == openedAt && $0.lastResult == nil && $0.deliveredAt == nil })
            #expect(written.first { $0.channel == "oncall" }?.message == opened[0].message)

            // Already open: the second opening writes nothing, its alerts included.
            let again = AlertFixture.drafts(.opened, "inc_2:opened", monitor: api, incident: "inc_2", at: openedAt)
            #expect(try await store.openIncident(Fixture.incident("inc_2", monitor: api, openedAt: openedAt),
                                                 alerts: again).id == "inc_1")
            let resolvedAt = openedAt.addingTimeInterval(300)
            let recovered = AlertFixture.drafts(.resolved, "inc_1:resolved", monitor: api, incident: "inc_1", at: resolvedAt)
            try await store.resolveIncident(id: "inc_1", at: resolvedAt, recoveries: [], alerts: recovered)
            // Already resolved: nothing again.
            let late = AlertFixture.drafts(.resolved, "inc_1:resolved-late", monitor: api, incident: "inc_1", at: resolvedAt)
            try await store.resolveIncident(id: "inc_1", at: resolvedAt.addingTimeInterval(60), recoveries: [], alerts: late)
            #expect(try await store.alertDeliveries(state: nil, incident: nil, limit: 10).map(\.key).sorted()
                    == ["inc_1:opened/oncall", "inc_1:opened/slack", "inc_1:resolved/oncall"])

            // A failed incident write leaves no alert: an orphan's opening, an unknown incident's resolution.
            var orphan = Fixture.incident("inc_x", monitor: api, openedAt: openedAt)
            orphan.monitor = "mon_missing"
            await #expect(throws: (any Error).self) {
                _ = try await store.openIncident(orphan, alerts: AlertFixture.drafts(
                    .opened, "inc_x:opened", monitor: api, incident: "inc_x", at: openedAt))
            }
            await #expect(throws: StoreError.unknownIncident(id: "inc_missing")) {
                try await store.resolveIncident(id: "inc_missing", at: resolvedAt, recoveries: [], alerts: AlertFixture.drafts(
                    .resolved, "inc_missing:resolved", monitor: api, incident: "inc_missing", at: resolvedAt))
            }
            #expect(try await store.alertDeliveries(state: nil, incident: "inc_x", limit: 10).isEmpty)
            #expect(try await store.alertDeliveries(state: nil, incident: "inc_missing", limit: 10).isEmpty)
            #expect(try await store.alertDeliveries(state: nil, incident: nil, limit: 10).count == 3)
        }
    }

    /// A key is kept once, within a batch and across calls (the first draft wins); held drafts are kept `held`; a
    /// message comes back exactly as written.
    func alertKeysAreEnqueuedOnce() async throws {
        try await withFreshStore { store in
            let api = try await store.upsertMonitor(name: "api", endpoint: Fixture.endpoint, interval: .seconds(30),
                                                    now: AlertFixture.start)
            let now = AlertFixture.start
            let reminder = AlertFixture.drafts(.reminder, "inc_1:reminder:1", monitor: api, incident: "inc_1", at: now,
                                               channels: ["slack", "oncall"])
            var changed = reminder[0]
            changed.message.monitorName = "changed"
            #expect(try await store.enqueueAlerts(reminder + [changed], now: now) == 2)
            #expect(try await store.enqueueAlerts(reminder, now: now.addingTimeInterval(5)) == 0)
            #expect(try await store.enqueueAlerts([], now: now) == 0)
            var held = AlertFixture.drafts(.certificateExpiring, "mon:certificate:1", monitor: api, incident: nil, at: now)
            held[0].held = true
            #expect(try await store.enqueueAlerts(held + reminder, now: now.addingTimeInterval(10)) == 1)

            let all = try await store.alertDeliveries(state: nil, incident: nil, limit: 10)
            #expect(all.count == 3)
            #expect(all.first?.key == "mon:certificate:1/oncall")
            #expect(all.first?.state == .held)
            #expect(all.first?.message.incidentID == nil)
            #expect(try await store.alertDeliveries(state: .held, incident: nil, limit: 10).map(\.key) == ["mon:certificate:1/oncall"])
            let slack = try #require(all.first { $0.key == "inc_1:reminder:1/slack" })
            #expect(slack.message == reminder[0].message)
            #expect(slack.message.monitorName == "api")
            #expect(slack.createdAt == now)
            #expect(Set(all.map(\.id)).count == 3)
        }
    }

    /// Listings are newest first, filtered by state and incident, limited.
    func alertListingsFilterNewestFirst() async throws {
        try await withFreshStore { store in
            let api = try await store.upsertMonitor(name: "api", endpoint: Fixture.endpoint, interval: .seconds(30),
                                                    now: AlertFixture.start)
            for (index, incident) in ["inc_a", "inc_b", "inc_a"].enumerated() {
                let at = AlertFixture.start.addingTimeInterval(Double(index) * 60)
                _ = try await store.enqueueAlerts(AlertFixture.drafts(.reminder, "\(incident):reminder:\(index)", monitor: api,
                                                                      incident: incident, at: at), now: at)
            }
            let claimed = try await store.claimDueAlerts(claimant: "c", limit: 1, now: AlertFixture.start.addingTimeInterval(600),
                                                         lease: .seconds(60))
            #expect(claimed.map(\.key) == ["inc_a:reminder:0/oncall"])
            #expect(try await store.recordDeliveryAttempt(id: claimed[0].id, claimant: "c", record: .failed(error: "HTTP 400"),
                                                          now: AlertFixture.start.addingTimeInterval(601)))

            func keys(_ state: AlertDelivery.State?, _ incident: String?, limit: Int = 10) async throws -> [String] {
                try await store.alertDeliveries(state: state, incident: incident, limit: limit).map(\.key)
            }
            #expect(try await keys(nil, nil) == ["inc_a:reminder:2/oncall", "inc_b:reminder:1/oncall", "inc_a:reminder:0/oncall"])
            #expect(try await keys(nil, nil, limit: 2) == ["inc_a:reminder:2/oncall", "inc_b:reminder:1/oncall"])
            #expect(try await keys(nil, nil, limit: 0) == [])
            #expect(try await keys(nil, "inc_a") == ["inc_a:reminder:2/oncall", "inc_a:reminder:0/oncall"])
            #expect(try await keys(.pending, nil) == ["inc_a:reminder:2/oncall", "inc_b:reminder:1/oncall"])
            #expect(try await keys(.failed, "inc_a") == ["inc_a:reminder:0/oncall"])
            #expect(try await keys(.failed, "inc_b") == [])
            #expect(try await keys(.delivered, nil) == [])
        }
    }

    /// An incident is acknowledged once: the first acknowledgement is kept and returned to later ones; an unknown
    /// incident is refused.
    func acknowledgementsAreKeptOnce() async throws {
        try await withDatabase { database in
            let acknowledgedAt = AlertFixture.start.addingTimeInterval(120)
            try await withStore(database) { store in
                let api = try await store.upsertMonitor(name: "api", endpoint: Fixture.endpoint, interval: .seconds(30),
                                                        now: AlertFixture.start)
                _ = try await store.openIncident(Fixture.incident("inc_1", monitor: api,
                                                                  openedAt: AlertFixture.start.addingTimeInterval(60)))
                #expect(try await store.incidentAcknowledgement(id: "inc_1") == nil)
                let first = try await store.acknowledgeIncident(id: "inc_1", by: "alice", at: acknowledgedAt)
                #expect(first.at == acknowledgedAt && first.by == "alice")
                let second = try await store.acknowledgeIncident(id: "inc_1", by: "bob", at: acknowledgedAt.addingTimeInterval(5))
                #expect(second.at == acknowledgedAt && second.by == "alice")
                await #expect(throws: StoreError.unknownIncident(id: "inc_missing")) {
                    _ = try await store.acknowledgeIncident(id: "inc_missing", by: "alice", at: acknowledgedAt)
                }
                #expect(try await store.incidentAcknowledgement(id: "inc_missing") == nil)
            }
            try await withStore(database) { store in
                let kept = try #require(try await store.incidentAcknowledgement(id: "inc_1"))
                #expect(kept.at == acknowledgedAt && kept.by == "alice")
            }
        }
    }
}

/// Alert drafts for the checks.
enum AlertFixture {
    static let start = Fixture.at("2024-03-01T10:00:00.000Z")

    static func drafts(_ kind: AlertMessage.Kind, _ eventID: String, monitor: MonitorRecord, incident: String?, at: Date,
                       channels: [String] = ["oncall"]) -> [AlertDraft] {
        let message = AlertMessage(
            kind: kind, eventID: eventID, monitorID: monitor.id, monitorName: monitor.name, endpoint: monitor.endpoint,
            incidentID: incident, failure: Failure(.http5xx, "server answered 503 Service Unavailable"),
            openedAt: incident == nil ? nil : at, at: at, confirmations: ["local: down, http_5xx HTTP 503"],
            bundleURL: incident.map { "https://status.example.com/api/v1/incidents/\($0)/bundle" })
        return channels.map { AlertDraft(channel: $0, message: message) }
    }

    /// Pending alerts due at `start`, one per key, outside any incident.
    static func enqueue(_ count: Int, in store: any Store, monitor: MonitorRecord, prefix: String = "evt") async throws {
        let all = (0..<count).flatMap { index in
            drafts(.test, "\(prefix)_\(index)", monitor: monitor, incident: nil, at: start)
        }
        _ = try await store.enqueueAlerts(all, now: start)
    }
}
