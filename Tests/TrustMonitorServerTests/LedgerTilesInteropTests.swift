import Foundation
import Testing
import TrustMonitorCore
import TrustMonitorLedger
import TrustMonitorServer
import TrustMonitorStore

/// The live server's tlog-tiles routes read by a client we did not write: the `tlog-tiles` CLI of PyPI's
/// tlog-scales (installed by scripts/test into .build-py), fetching over HTTP from 127.0.0.1.
@Suite struct LedgerTilesInteropTests {
    static var tlogTiles: String? {
        guard let python = ProcessInfo.processInfo.environment["TRUSTMONITOR_INTEROP_PYTHON"] else { return nil }
        let cli = URL(fileURLWithPath: python).deletingLastPathComponent().appendingPathComponent("tlog-tiles").path
        return FileManager.default.isExecutableFile(atPath: cli) ? cli : nil
    }

    static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test func tlogTilesCLIChecksLeavesAgainstOurCheckpoint() async throws {
        let cli = try #require(Self.tlogTiles, "run through scripts/test, which installs tlog-scales into .build-py")
        let seeded = try await APIRoutesTests.seed()
        let store = seeded.store
        // Grow the log past one full tile: resolve and reopen incidents (4 entries per cycle).
        var open = seeded.incidentID
        for cycle in 0..<70 {
            try await store.resolveIncident(id: open, at: Date(), recoveries: [])
            let next = try #require(try await store.incident(id: seeded.incidentID))
            var incident = next
            incident.id = "inc_cycle_\(cycle)"
            incident.state = .open
            incident.resolvedAt = nil
            incident.recoveries = []
            open = try await store.openIncident(incident).id
        }
        let size = try await store.ledgerSize()
        #expect(size > 256)
        let directory = NSTemporaryDirectory() + "tm-tiles-\(UUID().uuidString)"
        let keys = try LedgerKeys.loadOrCreate(dataDir: directory, origin: "tiles.example/trustmonitor/ledger")
        let publisher = CheckpointPublisher(store: store, signer: keys.log)
        try await publisher.publish()

        try await APIRoutesTests.withServer(store, checkpoints: publisher) { base in
            for index in [0, 1, 255, 256, size - 1] {
                let result = try Self.run(cli, ["get-leaf", "--check", base + "/ledger", String(index)])
                #expect(result.status == 0, "leaf \(index): \(result.output)")
                let stored = try await store.ledgerEntries(from: index, limit: 1).first
                #expect(result.output.contains(String(decoding: stored?.bytes ?? [], as: UTF8.self)), "leaf \(index)")
            }
            let beyond = try Self.run(cli, ["get-leaf", "--check", base + "/ledger", String(size)])
            #expect(beyond.status != 0)
        }
        try await store.close()
    }
}
