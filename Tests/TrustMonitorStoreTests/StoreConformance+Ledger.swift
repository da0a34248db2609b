import Foundation
import Testing
import TrustMonitorCore
import TrustMonitorLedger
import TrustMonitorStore

extension StoreConformance {
    /// Every incident event lands in the ledger in its own transaction, as exact bytes with their leaf hash,
    /// and a resolved incident's report is kept with its digest logged.
    func incidentEventsAreAppendedToTheLedger() async throws {
        try await withFreshStore { store in
            #expect(try await store.ledgerSize() == 0)
            let api = try await store.upsertMonitor(name: "api", endpoint: Fixture.endpoint, interval: .seconds(30),
                                                    now: Fixture.at("2024-03-01T10:00:00.000Z"))
            let openedAt = Fixture.at("2024-03-01T10:05:00.000Z")
            let incident = Fixture.incident("inc_1", monitor: api, openedAt: openedAt)
            _ = try await store.openIncident(incident)
            let afterOpen = try await store.ledgerSize()
            #expect(afterOpen == 1 + incident.verifications.count)

            // Already open: nothing written, not even to the ledger.
            _ = try await store.openIncident(Fixture.incident("inc_2", monitor: api, openedAt: openedAt))
            #expect(try await store.ledgerSize() == afterOpen)

            #expect(try await store.incidentReport(id: "inc_1") == nil)
            try await store.resolveIncident(id: "inc_1", at: openedAt.addingTimeInterval(300), recoveries: [])
            try await store.resolveIncident(id: "inc_1", at: openedAt.addingTimeInterval(400), recoveries: [])
            #expect(try await store.ledgerSize() == afterOpen + 2)

            let entries = try await store.ledgerEntries(from: 0, limit: 100)
            #expect(entries.map(\.seq) == Array(0..<(afterOpen + 2)))
            for entry in entries {
                #expect(entry.leafHash == RFC6962.leafHash(entry: entry.bytes).hex)
                let object = try #require(try JSONSerialization.jsonObject(with: Data(entry.bytes)) as? [String: Any])
                #expect(object["seq"] as? Int == entry.seq)
                #expect(object["v"] as? Int == 1)
                #expect(object["monitor"] as? String == api.id)
                #expect(object["incident"] as? String == "inc_1")
            }
            let types = try entries.map { entry in
                try #require(try JSONSerialization.jsonObject(with: Data(entry.bytes)) as? [String: Any])["type"] as? String
            }
            #expect(types.first == "incident.opened")
            #expect(types.dropFirst().dropLast(2).allSatisfy { $0 == "incident.verified" })
            #expect(types.suffix(2) == ["incident.resolved", "incident.report"])
            #expect(try await store.ledgerEntries(from: afterOpen, limit: 10).map(\.seq) == [afterOpen, afterOpen + 1])

            // The report kept is the resolved incident, and the last entry holds its digest.
            let report = try #require(try await store.incidentReport(id: "inc_1"))
            let reported = try JSONCoding.decoder().decode(Incident.self, from: Data(report))
            #expect(reported.id == "inc_1" && reported.state == .resolved)
            #expect(reported.resolvedAt == openedAt.addingTimeInterval(300))
            let logged = try #require(try JSONSerialization.jsonObject(with: Data(entries[afterOpen + 1].bytes)) as? [String: Any])
            #expect(logged["report_sha256"] as? String == IncidentReport.digest(report))
        }
    }

    /// An incident whose write fails (unknown monitor) leaves no ledger entry behind.
    func failedIncidentWriteAppendsNothing() async throws {
        try await withFreshStore { store in
            let api = try await store.upsertMonitor(name: "api", endpoint: Fixture.endpoint, interval: .seconds(30),
                                                    now: Fixture.at("2024-03-01T10:00:00.000Z"))
            var orphan = Fixture.incident("inc_x", monitor: api, openedAt: Fixture.at("2024-03-01T10:05:00.000Z"))
            orphan.monitor = "mon_missing"
            await #expect(throws: (any Error).self) { _ = try await store.openIncident(orphan) }
            #expect(try await store.ledgerSize() == 0)
        }
    }

    /// Entries appended on their own take the next seqs, in call order, with no gaps.
    func appendedEntriesTakeTheNextSeqs() async throws {
        try await withFreshStore { store in
            func drafts(_ count: Int, type: String) -> [LedgerEntryDraft] {
                (0..<count).map { index in
                    LedgerEntryDraft(type: type, ts: Fixture.at("2024-03-01T10:00:00.000Z"), monitor: "mon_\(index)",
                                     incident: nil, fields: ["n": .int(index)])
                }
            }
            #expect(try await store.appendLedgerEntries(drafts(3, type: "probe.registered")) == 0..<3)
            #expect(try await store.appendLedgerEntries([]) == 3..<3)
            #expect(try await store.appendLedgerEntries(drafts(2, type: "summary.daily")) == 3..<5)
            let entries = try await store.ledgerEntries(from: 0, limit: 10)
            #expect(entries.map(\.seq) == [0, 1, 2, 3, 4])
            for entry in entries {
                #expect(entry.leafHash == RFC6962.leafHash(entry: entry.bytes).hex)
                let object = try #require(try JSONSerialization.jsonObject(with: Data(entry.bytes)) as? [String: Any])
                #expect(object["seq"] as? Int == entry.seq)
                #expect(object["type"] as? String == (entry.seq < 3 ? "probe.registered" : "summary.daily"))
            }
        }
    }
}
