import Foundation
import Testing
import TrustMonitorCore
import TrustMonitorServer
import TrustMonitorStore
@testable import TrustMonitorTestSupport

/// `trustmonitor verify ledger` on a real SQLite file, tampered with the way an attacker with the file would.
@Suite struct VerifyLedgerTests {
    /// A data dir with 3 incidents (5 entries each once resolved: opened, two looks, resolved, report) and checkpoints at two sizes.
    static func dataDir() async throws -> String {
        let directory = NSTemporaryDirectory() + "tm-audit-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let store = try await SQLiteStore.open(path: directory + "/trustmonitor.db")
        try await store.migrate()
        let keys = try LedgerKeys.loadOrCreate(dataDir: directory, origin: "audit.example/trustmonitor/ledger")
        let publisher = CheckpointPublisher(store: store, signer: keys.log)
        let monitor = try await store.upsertMonitor(name: "api", endpoint: "http://a.test/", interval: .seconds(30), now: Date())
        for index in 0..<3 {
            let at = Date(timeIntervalSince1970: 1_790_000_000 + Double(index) * 600)
            _ = try await store.openIncident(IncidentFixtures.incident(id: "inc_\(index)", monitor: monitor.id, at: at))
            try await store.resolveIncident(id: "inc_\(index)", at: at.addingTimeInterval(60),
                                            recoveries: [IncidentFixtures.failedLook(at: at)])
            if index == 0 || index == 2 { try await publisher.publish() }
        }
        try await store.close()
        return directory
    }

    /// Runs SQL on the file with Python's sqlite3, as an attacker with write access would.
    static func tamper(_ directory: String, _ sql: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.executescript(sys.argv[2]); c.commit()",
                             directory + "/trustmonitor.db", sql]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "tampering SQL failed: \(sql)")
    }

    @Test func anUntouchedLedgerVerifies() async throws {
        let directory = try await Self.dataDir()
        let result = await run(["verify", "ledger", "--data", directory])
        #expect(result.status == 0, "\(result.output.stdout)")
        #expect(result.output.stdout.contains("ok    15 entries read"))
        #expect(result.output.stdout.contains("ok    checkpoint 5: signed"))
        #expect(result.output.stdout.contains("ok    checkpoint 15: signed"))
        #expect(result.output.stdout.contains("VERIFIED"))
    }

    @Test(arguments: [
        ("modify one byte, leaf hash left", "UPDATE ledger_entries SET entry = replace(entry, 'HTTP 503', 'HTTP 502') WHERE seq = 5",
         "entry 5 was modified"),
        ("modify and recompute nothing else", "UPDATE ledger_entries SET entry = replace(entry, 'scheduled', 'scheduleD'), "
            + "leaf_hash = 'aa' || substr(leaf_hash, 3) WHERE seq = 1", "checkpoint 5: an entry in 0..<5 changed"),
        ("delete a row", "DELETE FROM ledger_entries WHERE seq = 6", "entries 6..<7 are missing"),
        ("swap two rows", "UPDATE ledger_entries SET seq = -1 WHERE seq = 2; UPDATE ledger_entries SET seq = 2 WHERE seq = 3; "
            + "UPDATE ledger_entries SET seq = 3 WHERE seq = -1", "entry 2 says it is entry 3"),
        ("delete the tail", "DELETE FROM ledger_entries WHERE seq >= 10", "checkpoint 15 covers entries that are gone"),
        ("replace a checkpoint", "UPDATE ledger_checkpoints SET note = replace(note, char(10) || '5' || char(10), "
            + "char(10) || '4' || char(10)) WHERE size = 5", "checkpoint 5 is not signed"),
    ])
    func everyTamperingIsCaughtAndNamed(name: String, sql: String, finding: String) async throws {
        let directory = try await Self.dataDir()
        try Self.tamper(directory, sql)
        let result = await run(["verify", "ledger", "--data", directory])
        #expect(result.status == 1, "\(name): \(result.output.stdout)")
        #expect(result.output.stdout.contains("FAIL  " + finding), "\(name): \(result.output.stdout)")
    }

    @Test func missingDataIsExitTwo() async {
        #expect(await run(["verify", "ledger", "--data", "/nonexistent"]).status == 2)
    }
}
