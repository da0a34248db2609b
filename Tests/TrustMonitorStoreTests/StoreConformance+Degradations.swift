import Foundation
import Testing
import TrustMonitorCore
import TrustMonitorLedger
import TrustMonitorStore

/// Degradation periods: one open per monitor and kind, written with their ledger entries and alerts, read by span.
extension StoreConformance {
    func degradationPeriodsOpenOnceAndEndOnce() async throws {
        try await withFreshStore { store in
            let base = Fixture.at("2024-03-01T10:00:00.000Z")
            let api = try await store.upsertMonitor(name: "api", endpoint: Fixture.endpoint, interval: .seconds(30), now: base)
            let web = try await store.upsertMonitor(name: "web", endpoint: Fixture.endpoint, interval: .seconds(30), now: base)
            let message = AlertMessage(kind: .degraded, eventID: "deg_000000000001:degraded", monitorID: api.id,
                                       monitorName: "api", endpoint: Fixture.endpoint, at: base,
                                       explanation: "Response time 3x its usual 40 ms for 5 minutes")
            let opened = try await store.openDegradation(DegradationRecord(
                id: "deg_000000000001", monitor: api.id, kind: .latency, startedAt: base,
                explanation: "Response time 3x its usual 40 ms for 5 minutes"), alerts: [AlertDraft(channel: "chat", message: message)])
            #expect(opened.id == "deg_000000000001" && opened.endedAt == nil)
            // A second replica opening the same monitor's latency period gets the first one, and writes nothing.
            let again = try await store.openDegradation(DegradationRecord(
                id: "deg_000000000002", monitor: api.id, kind: .latency, startedAt: base.addingTimeInterval(10),
                explanation: "other"), alerts: [AlertDraft(channel: "chat", message: message)])
            #expect(again == opened)
            // Another kind is its own period.
            _ = try await store.openDegradation(DegradationRecord(
                id: "deg_000000000003", monitor: api.id, kind: .errorRate, startedAt: base.addingTimeInterval(60),
                explanation: "Suppressed failures in 12% of checks"), alerts: [])
            #expect(try await store.openDegradations().map(\.id) == ["deg_000000000001", "deg_000000000003"])
            #expect(try await store.alertDeliveries(state: nil, incident: nil, limit: 10).count == 1)

            let end = base.addingTimeInterval(600)
            try await store.endDegradation(id: "deg_000000000001", at: end, explanation: "Response time 3x for 10 minutes",
                                           ending: "recovered", alerts: [])
            try await store.endDegradation(id: "deg_000000000001", at: end.addingTimeInterval(60), explanation: "late",
                                           ending: "again", alerts: [])
            #expect(try await store.openDegradations().map(\.id) == ["deg_000000000003"])
            let ended = try #require(try await store.degradations(monitor: api.id, from: base, to: end).first)
            #expect(ended.endedAt == end && ended.ending == "recovered" && ended.explanation == "Response time 3x for 10 minutes")

            // Span reads: overlap of [from, to), open periods included, the other monitor's apart.
            #expect(try await store.degradations(monitor: api.id, from: end, to: end.addingTimeInterval(1)).map(\.id)
                    == ["deg_000000000003"])
            #expect(try await store.degradations(monitor: web.id, from: base, to: end).isEmpty)
            #expect(try await store.degradations(monitor: nil, from: base.addingTimeInterval(-60), to: base).isEmpty)
            #expect(try await store.degradations(monitor: nil, from: base, to: end).count == 2)

            // The ledger says when each period started and ended, in order, once.
            let types = try await store.ledgerEntries(from: 0, limit: 100).map {
                (try JSONSerialization.jsonObject(with: Data($0.bytes)) as? [String: Any])?["type"] as? String
            }
            #expect(types == ["degradation.started", "degradation.started", "degradation.ended"])
        }
    }
}
