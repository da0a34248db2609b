import ArgumentParser
import TrustMonitorLedger

/// `trustmonitor bench ledger`: the in-memory Merkle tree at scale (hashing, appends, proofs).
struct BenchLedgerCommand: OutputtingCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger",
        abstract: "Append N entries to an in-memory Merkle tree; time appends and inclusion proofs at size N.",
        discussion: "With --store DIR, append N entries to a fresh SQLite file in DIR instead, in durable batches, then "
            + "time a restart's tree rebuild and a full `verify ledger` audit."
    )

    @Option(help: "Entries in the tree.")
    var entries = 1_000_000

    @Option(help: "Inclusion proofs to generate and verify.")
    var proofs = 10_000

    @Option(help: "An empty directory: append to a SQLite file there instead of an in-memory tree.")
    var store: String?

    @Option(help: "Entries per durable transaction (with --store).")
    var batch = 1000

    func execute(output: any CommandOutput) async -> ExitStatus {
        guard (1...50_000_000).contains(entries), (1...1_000_000).contains(proofs), (1...100_000).contains(batch) else {
            output.err("error: --entries must be 1 to 50000000, --proofs 1 to 1000000 and --batch 1 to 100000")
            return .usage
        }
        if let store {
            do {
                return try await BenchLedgerStoreRun(directory: store, entries: entries, batch: batch).run(output: output)
                    ? .up : .down
            } catch {
                output.err("error: \(error)")
                return .down
            }
        }
        let clock = ContinuousClock()
        var tree = MerkleTree()
        let appendStart = clock.now
        for index in 0..<entries {
            tree.append(entry: Array("{\"seq\":\(index),\"type\":\"incident.verified\",\"v\":1}".utf8))
        }
        let appendTime = appendStart.duration(to: clock.now)
        let root = tree.rootHash
        var random = SystemRandomNumberGenerator()
        let proofStart = clock.now
        var failures = 0
        for _ in 0..<proofs {
            let index = Int(random.next() % UInt64(entries))
            do {
                let proof = try tree.inclusionProof(index: index, size: entries)
                try proof.verify(leafHash: try tree.leafHash(at: index), root: root)
            } catch {
                failures += 1
            }
        }
        let proofTime = proofStart.duration(to: clock.now)
        output.out("entries                 \(entries)")
        output.out("appends/s (hash+append) \(Int(Double(entries) / appendTime.seconds))")
        output.out("inclusion proof + verify \((proofTime.seconds / Double(proofs) * 1e6 * 10).rounded() / 10) µs each at size \(entries)")
        output.out("failures                \(failures)")
        return failures == 0 ? .up : .down
    }
}
