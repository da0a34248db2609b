import Foundation
import TrustMonitorLedger
import TrustMonitorServer
import TrustMonitorStore

/// `bench ledger --store DIR`: the ledger on disk. Appends entries shaped like real incident looks into a
/// fresh SQLite file, each batch one transaction synced to disk, then times what a restart and an auditor
/// do with the whole log: the publisher rebuilding its tree and signing, and `verify ledger`'s audit.
struct BenchLedgerStoreRun {
    let directory: String
    let entries: Int
    let batch: Int

    func run(output: any CommandOutput) async throws -> Bool {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/bench-ledger.db"
        guard !FileManager.default.fileExists(atPath: path) else {
            output.err("error: \(path) exists; give --store an empty directory")
            return false
        }
        let store = try await SQLiteStore.open(path: path)
        do {
            let passed = try await measure(store: store, path: path, output: output)
            try await store.close()
            return passed
        } catch {
            try? await store.close()
            throw error
        }
    }

    private func measure(store: SQLiteStore, path: String, output: any CommandOutput) async throws -> Bool {
        try await store.migrate()
        let clock = ContinuousClock()
        let at = Date()
        let appendStart = clock.now
        var appended = 0
        while appended < entries {
            let count = min(batch, entries - appended)
            _ = try await store.appendLedgerEntries((appended..<(appended + count)).map { Self.look(index: $0, at: at) })
            appended += count
        }
        let appendTime = appendStart.duration(to: clock.now)

        let signer = try NoteSigner.generate(name: "bench.example/trustmonitor/ledger", type: .ed25519)
        let publishStart = clock.now
        _ = try await CheckpointPublisher(store: store, signer: signer).publish()
        let publishTime = publishStart.duration(to: clock.now)

        let auditStart = clock.now
        let report = try await LedgerAudit.audit(store: store, logKey: signer.verifierKey)
        let auditTime = auditStart.duration(to: clock.now)

        let bytes = ((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0)
            + ((try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int) ?? 0)
        output.out("entries                  \(entries) in batches of \(batch), each batch one transaction synced to disk")
        output.out("appends/s (durable)      \(Int(Double(entries) / appendTime.seconds))")
        output.out("restart: tree + checkpoint \(String(format: "%.2f", publishTime.seconds)) s")
        output.out("full audit               \(String(format: "%.2f", auditTime.seconds)) s")
        output.out("database size            \(bytes / 1_048_576) MiB (\(bytes / max(entries, 1)) bytes per entry)")
        output.out("audit                    \(report.isClean ? "clean" : report.problems.joined(separator: "; "))")
        return report.isClean
    }

    /// An entry the size and shape of a real `incident.verified` look (about 400 bytes).
    static func look(index: Int, at: Date) -> LedgerEntryDraft {
        LedgerEntryDraft(
            type: "incident.verified", ts: at, monitor: "mon_\(String(index % 10_000, radix: 16))", incident: "inc_\(index / 3)",
            fields: [
                "probe": .string("eu-west-\(index % 3)"), "role": .string("verification"),
                "independence": .string("another region, fresh DNS and connection"), "verdict": .string("down"),
                "observation_sha256": .string(String(repeating: "ab", count: 32)),
                "failure": .object(["code": .string("http_5xx"), "layer": .string("application"),
                                    "message": .string("HTTP 503 Service Unavailable")]),
            ])
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
