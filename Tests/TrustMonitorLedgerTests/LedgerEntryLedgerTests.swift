import Foundation
import Testing
import TrustMonitorCore
import TrustMonitorLedger

@Suite("Ledger entries") struct LedgerEntryLedgerTests {
    @Test func bytesAreOneSortedCompactJSONObject() {
        let draft = LedgerEntryDraft(
            type: "incident.opened", ts: Date(timeIntervalSince1970: 1_790_000_000.25), monitor: "mon_1",
            incident: "inc_1", fields: ["failure": .object(["code": .string("http_5xx"), "message": .string("a \"b\"\n\u{1}")]),
                                        "ok": .bool(false), "list": .array([.int(1), .int(-2)])])
        let text = String(decoding: draft.bytes(seq: 7), as: UTF8.self)
        #expect(text == #"{"failure":{"code":"http_5xx","message":"a \"b\"\n\u0001"},"incident":"inc_1","list":[1,-2],"#
            + #""monitor":"mon_1","ok":false,"seq":7,"ts":"2026-09-21T14:13:20.250Z","type":"incident.opened","v":1}"#)
        #expect((try? JSONSerialization.jsonObject(with: Data(text.utf8))) != nil)
    }

    @Test func incidentEventsNameEveryLookWithItsDigest() {
        let at = Date(timeIntervalSince1970: 1_790_000_000)
        let attempt = Attempt(number: 1, startedAt: at, url: "http://a.test/", status: 503, failure: Failure(.http5xx, "HTTP 503"))
        let observation = Observation(target: "http://a.test/", method: "GET", startedAt: at, finishedAt: at,
                                      attempts: [attempt], retryStop: nil)
        let look = ProbeVerdict(probe: "local", role: .primary, independence: "scheduled check", observation: observation)
        var incident = Incident(id: "inc_1", monitor: "mon_1", monitorName: "api", endpoint: "http://a.test/",
                                openedAt: at, failure: Failure(.http5xx, "HTTP 503"), verifications: [look, look])
        let opened = IncidentLedger.opened(incident)
        #expect(opened.map(\.type) == ["incident.opened", "incident.verified", "incident.verified"])
        let digest = IncidentLedger.digest(observation)
        #expect(digest.count == 64)
        #expect(opened[0].fields["evidence_sha256"] == .string(digest))
        #expect(opened[1].fields["observation_sha256"] == .string(digest))
        incident.recoveries = [look]
        let resolved = IncidentLedger.resolved(incident, at: at.addingTimeInterval(60))
        #expect(resolved.map(\.type) == ["incident.resolved"])
        #expect(resolved[0].ts == at.addingTimeInterval(60))
    }
}
