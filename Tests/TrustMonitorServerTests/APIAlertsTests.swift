import Foundation
import Testing
import TrustMonitorCore
import TrustMonitorStore

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The alert outbox listing and incident acknowledgement, over a real socket on a real SQLite file.
@Suite struct APIAlertsTests {
    /// The API fixture's store with three alerts: the incident's opening to two channels (one delivered), and a
    /// certificate warning outside any incident.
    static func seed() async throws -> APIRoutesTests.Seeded {
        let seeded = try await APIRoutesTests.seed()
        let base = Date(timeIntervalSince1970: 1_790_000_100)
        func draft(_ event: String, _ channel: String, kind: AlertMessage.Kind, incident: String?) -> AlertDraft {
            AlertDraft(channel: channel, message: AlertMessage(
                kind: kind, eventID: event, monitorID: seeded.monitorID, monitorName: "api", endpoint: "http://a.test/",
                incidentID: incident, at: base))
        }
        let opening = [draft("inc_test:opened", "oncall", kind: .opened, incident: seeded.incidentID),
                       draft("inc_test:opened", "slack", kind: .opened, incident: seeded.incidentID)]
        #expect(try await seeded.store.enqueueAlerts(opening, now: base) == 2)
        let claimed = try await seeded.store.claimDueAlerts(claimant: "t", limit: 1, now: base, lease: .seconds(60))
        #expect(try await seeded.store.recordDeliveryAttempt(id: try #require(claimed.first).id, claimant: "t",
                                                             record: .delivered(answer: "HTTP 200"),
                                                             now: base.addingTimeInterval(1)))
        let warning = draft("\(seeded.monitorID):certificate:1", "oncall", kind: .certificateExpiring, incident: nil)
        #expect(try await seeded.store.enqueueAlerts([warning], now: base.addingTimeInterval(60)) == 1)
        return seeded
    }

    static func post(_ url: String, body: String?) async throws -> (status: Int, json: [String: Any]) {
        var request = try APIRoutesTests.authorized(url, method: "POST")
        if let body {
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = Data(body.utf8)
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        let json = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, json)
    }

    @Test func alertsAreListedNewestFirstAndFiltered() async throws {
        let seeded = try await Self.seed()
        try await APIRoutesTests.withServer(seeded.store) { base in
            let all = try await APIRoutesTests.get(base + "/api/v1/alerts")
            #expect(all.status == 200)
            let rows = try #require(all.json["alerts"] as? [[String: Any]])
            #expect(rows.map { $0["key"] as? String } == ["\(seeded.monitorID):certificate:1/oncall",
                                                           "inc_test:opened/oncall", "inc_test:opened/slack"]
                    || rows.map { $0["key"] as? String } == ["\(seeded.monitorID):certificate:1/oncall",
                                                              "inc_test:opened/slack", "inc_test:opened/oncall"])
            let newest = try #require(rows.first)
            #expect(Set(newest.keys) == ["id", "key", "channel", "kind", "monitor", "incident", "state", "attempts",
                                         "next_attempt_at", "last_result", "created_at", "delivered_at"])
            #expect(newest["kind"] as? String == "certificate_expiring")
            #expect(newest["monitor"] as? String == seeded.monitorID)
            #expect(newest["incident"] is NSNull && newest["delivered_at"] is NSNull && newest["last_result"] is NSNull)
            #expect(newest["state"] as? String == "pending" && newest["attempts"] as? Int == 0)
            #expect(newest["created_at"] as? String == "2026-09-21T14:16:00.000Z")
            #expect((newest["id"] as? String)?.hasPrefix("alr_") == true)

            let delivered = try await APIRoutesTests.get(base + "/api/v1/alerts?state=delivered")
            let sent = try #require((delivered.json["alerts"] as? [[String: Any]])?.first)
            #expect((delivered.json["alerts"] as? [[String: Any]])?.count == 1)
            #expect(sent["incident"] as? String == seeded.incidentID)
            #expect(sent["attempts"] as? Int == 1 && sent["last_result"] as? String == "HTTP 200")
            #expect(sent["delivered_at"] as? String == "2026-09-21T14:15:01.000Z")

            let ofIncident = try await APIRoutesTests.get(base + "/api/v1/alerts?incident=\(seeded.incidentID)&limit=1")
            #expect((ofIncident.json["alerts"] as? [[String: Any]])?.count == 1)
            let pendingOfIncident = try await APIRoutesTests.get(base + "/api/v1/alerts?incident=\(seeded.incidentID)&state=pending")
            #expect((pendingOfIncident.json["alerts"] as? [[String: Any]])?.map { $0["state"] as? String } == ["pending"])
            let none = try await APIRoutesTests.get(base + "/api/v1/alerts?state=failed")
            #expect(none.status == 200 && (none.json["alerts"] as? [[String: Any]])?.isEmpty == true)

            for bad in ["state=sent", "limit=0", "limit=x", "limit=1001"] {
                let refused = try await APIRoutesTests.get(base + "/api/v1/alerts?\(bad)")
                #expect(refused.status == 400, "\(bad)")
                #expect(APIRoutesTests.errorCode(refused.json) == "invalid_parameter", "\(bad)")
            }
        }
        try await seeded.store.close()
    }

    @Test func anIncidentIsAcknowledgedOnce() async throws {
        let seeded = try await Self.seed()
        try await APIRoutesTests.withServer(seeded.store) { base in
            let url = base + "/api/v1/incidents/\(seeded.incidentID)/ack"
            let first = try await Self.post(url, body: #"{"by": " alice "}"#)
            #expect(first.status == 200)
            #expect(first.json["incident"] as? String == seeded.incidentID)
            #expect(first.json["by"] as? String == "alice")
            let at = try #require(first.json["acknowledged_at"] as? String)
            #expect(RFC3339.parse(at) != nil)

            let again = try await Self.post(url, body: #"{"by": "bob"}"#)
            #expect(again.status == 200)
            #expect(again.json["by"] as? String == "alice" && again.json["acknowledged_at"] as? String == at)
            let kept = try #require(try await seeded.store.incidentAcknowledgement(id: seeded.incidentID))
            #expect(kept.by == "alice" && RFC3339.format(kept.at) == at)
        }
        try await seeded.store.close()
    }

    @Test func acknowledgementsWithoutAName() async throws {
        let seeded = try await Self.seed()
        try await APIRoutesTests.withServer(seeded.store) { base in
            let url = base + "/api/v1/incidents/\(seeded.incidentID)/ack"
            for bad in ["{", #"{"by": 42}"#, #"{"by": "  "}"#, "[]", "null"] {
                let refused = try await Self.post(url, body: bad)
                #expect(refused.status == 400, "\(bad)")
                #expect(APIRoutesTests.errorCode(refused.json) == "invalid_body", "\(bad)")
            }
            #expect(try await seeded.store.incidentAcknowledgement(id: seeded.incidentID) == nil)

            let unknown = try await Self.post(base + "/api/v1/incidents/inc_missing/ack", body: nil)
            #expect(unknown.status == 404 && APIRoutesTests.errorCode(unknown.json) == "not_found")

            // Without a name, the acknowledgement is the caller's: its token's name.
            let anonymous = try await Self.post(url, body: nil)
            #expect(anonymous.status == 200 && anonymous.json["by"] as? String == "test-admin")
            let empty = try await Self.post(url, body: "{}")
            #expect(empty.status == 200 && empty.json["by"] as? String == "test-admin")
        }
        try await seeded.store.close()
    }
}
