import Foundation
import Testing
import TrustMonitorCore
import TrustMonitorServer
import TrustMonitorStore
@testable import TrustMonitorTestSupport

/// `trustmonitor verify bundle`: 0 when everything holds, 1 naming what failed, 2 for unusable input.
@Suite struct VerifyCommandTests {
    /// A real bundle from a real store: one incident with two looks.
    static func bundleFile() async throws -> (path: String, logKey: String, directory: String) {
        let directory = NSTemporaryDirectory() + "tm-verify-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let store = try await SQLiteStore.open(path: directory + "/v.db")
        try await store.migrate()
        let monitor = try await store.upsertMonitor(name: "api", endpoint: "http://a.test/", interval: .seconds(30), now: Date())
        let incident = try await store.openIncident(IncidentFixtures.incident(
            id: "inc_cli", monitor: monitor.id, at: Date(timeIntervalSince1970: 1_790_000_000)))
        let keys = try LedgerKeys.loadOrCreate(dataDir: directory, origin: "cli.example/trustmonitor/ledger")
        let bundle = try await CheckpointPublisher(store: store, signer: keys.log).bundle(for: incident, reportSigner: keys.report)
        try await store.close()
        let path = directory + "/bundle.json"
        try bundle.jsonData().write(to: URL(fileURLWithPath: path))
        return (path, keys.log.verifierKey.vkey, directory)
    }

    @Test func verifiedBundleIsExitZeroAndTamperedIsExitOne() async throws {
        let (path, logKey, directory) = try await Self.bundleFile()
        let good = await run(["verify", "bundle", path, "--log-key", logKey])
        #expect(good.status == 0, "\(good.output.stdout)")
        #expect(good.output.stdout.contains("VERIFIED  incident inc_cli"))
        #expect(good.output.stdout.contains("(key taken from the bundle)"))

        let text = try String(contentsOfFile: path, encoding: .utf8)
        let tamperedPath = directory + "/tampered.json"
        try text.replacingOccurrences(of: "scheduled check", with: "scheduled cheque")
            .write(toFile: tamperedPath, atomically: true, encoding: .utf8)
        let tampered = await run(["verify", "bundle", tamperedPath, "--log-key", logKey])
        #expect(tampered.status == 1)
        #expect(tampered.output.stdout.contains("FAIL  entry 1: not included in the checkpoint"))

        let garbage = directory + "/garbage.json"
        try "not json".write(toFile: garbage, atomically: true, encoding: .utf8)
        #expect(await run(["verify", "bundle", garbage, "--log-key", logKey]).status == 2)
        #expect(await run(["verify", "bundle", path, "--log-key", "not-a-vkey"]).status == 1)
    }
}
