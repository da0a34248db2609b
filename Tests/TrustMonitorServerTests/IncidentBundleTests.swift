import Foundation
import NIOConcurrencyHelpers
import Testing
import TrustMonitorCore
import TrustMonitorLedger
import TrustMonitorServer
import TrustMonitorStore

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `GET /api/v1/incidents/{id}/bundle` and its offline verification.
@Suite struct IncidentBundleTests {
    static func fetchBundle(resolved: Bool = false) async throws -> (IncidentBundle, LedgerKeys) {
        let seeded = try await APIRoutesTests.seed()
        if resolved {
            try await seeded.store.resolveIncident(id: seeded.incidentID, at: Date(timeIntervalSince1970: 1_790_000_100),
                                                   recoveries: [])
        }
        let directory = NSTemporaryDirectory() + "tm-bundle-\(UUID().uuidString)"
        let keys = try LedgerKeys.loadOrCreate(dataDir: directory, origin: "bundle.example/trustmonitor/ledger")
        let publisher = CheckpointPublisher(store: seeded.store, signer: keys.log)
        let fetched = NIOLockedValueBox<IncidentBundle?>(nil)
        try await APIRoutesTests.withServer(seeded.store, checkpoints: publisher, reportSigner: keys.report) { base in
            let request = try APIRoutesTests.authorized(base + "/api/v1/incidents/\(seeded.incidentID)/bundle")
            let (data, response) = try await URLSession.shared.data(for: request)
            #expect((response as? HTTPURLResponse)?.statusCode == 200)
            let bundle = try IncidentBundle(json: data)
            fetched.withLockedValue { $0 = bundle }
            let missing = try await APIRoutesTests.get(base + "/api/v1/incidents/inc_nope/bundle")
            #expect(missing.status == 404)
        }
        try await seeded.store.close()
        return (try #require(fetched.withLockedValue { $0 }), keys)
    }

    @Test func bundleVerifiesOfflineWithTheLogKey() async throws {
        let (bundle, keys) = try await Self.fetchBundle()
        let lines = try IncidentBundleVerifier.verify(bundle, logKey: keys.log.verifierKey.vkey,
                                                      reportKey: keys.report.verifierKey.vkey)
        #expect(bundle.entries.map(\.seq) == [0, 1, 2])
        #expect(lines.count == 3 + bundle.entries.count)
        #expect(lines.first?.hasPrefix("checkpoint: signed by bundle.example/trustmonitor/ledger+") == true)
        #expect(lines.dropLast().last?.contains("incident.verified included in checkpoint 3") == true)
        #expect(lines.last?.hasPrefix("report: provisional") == true)
    }

    /// A resolved incident's report is the one whose digest was logged when it resolved: served as kept,
    /// and an altered report is caught even when re-signed with the report key itself.
    @Test func resolvedReportIsTheLoggedOne() async throws {
        let (bundle, keys) = try await Self.fetchBundle(resolved: true)
        let logKey = keys.log.verifierKey.vkey, reportKey = keys.report.verifierKey.vkey
        let lines = try IncidentBundleVerifier.verify(bundle, logKey: logKey, reportKey: reportKey)
        #expect(bundle.entries.map(\.seq) == [0, 1, 2, 3, 4])
        #expect(lines.last == "report: its SHA-256 is the one logged at entry 4 when the incident resolved")

        let altered = Array(String(decoding: bundle.report.payload, as: UTF8.self)
            .replacingOccurrences(of: "HTTP 503", with: "HTTP 502").utf8)
        #expect(altered != bundle.report.payload)
        var resigned = bundle
        resigned.report = try DSSEEnvelope.sign(payload: altered, signer: keys.report)
        #expect {
            _ = try IncidentBundleVerifier.verify(resigned, logKey: logKey, reportKey: reportKey)
        } throws: { error in
            let failure = error as? IncidentBundleVerifier.Failure
            return failure?.check == "report" && failure?.reason.contains("altered after the incident resolved") == true
        }

        // Dropping the report entry from a resolved incident's bundle is caught too.
        var dropped = bundle
        dropped.entries.removeLast()
        #expect {
            _ = try IncidentBundleVerifier.verify(dropped, logKey: logKey, reportKey: reportKey)
        } throws: { error in (error as? IncidentBundleVerifier.Failure)?.check == "report" }
    }

    @Test func everyKindOfTamperingIsNamed() async throws {
        let (bundle, keys) = try await Self.fetchBundle()
        let logKey = keys.log.verifierKey.vkey
        var entry = bundle
        entry.entries[1].entry = entry.entries[1].entry.replacingOccurrences(of: "http_5xx", with: "http_4xx")
        var report = bundle
        report.report.payload = Array(String(decoding: report.report.payload, as: UTF8.self)
            .replacingOccurrences(of: "HTTP 503", with: "HTTP 200").utf8)
        var checkpoint = bundle
        checkpoint.checkpoint = checkpoint.checkpoint.replacingOccurrences(of: "\n3\n", with: "\n4\n")
        var other = bundle
        other.incident = "inc_other"
        let cases: [(IncidentBundle, String, String)] = [
            (entry, logKey, "entry 1"), (report, logKey, "report"), (checkpoint, logKey, "checkpoint"),
            (other, logKey, "report"), (bundle, keys.report.verifierKey.vkey, "checkpoint"),
        ]
        for (tampered, key, check) in cases {
            #expect {
                _ = try IncidentBundleVerifier.verify(tampered, logKey: key, reportKey: keys.report.verifierKey.vkey)
            } throws: { error in
                (error as? IncidentBundleVerifier.Failure)?.check == check
            }
        }
    }
}
