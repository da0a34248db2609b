import Foundation
import Hummingbird
import Testing
import TrustMonitorLedger
import TrustMonitorServer
import TrustMonitorStore

/// `trustmonitor verify ledger --url`: the audit of a running server, through its tlog-tiles routes only.
@Suite struct VerifyLedgerURLTests {
    /// Serves the data dir of `VerifyLedgerTests.dataDir()` (15 entries, checkpoints at 5 and 15) while
    /// `body` runs; `tamper` runs on the file after the server has published its checkpoint.
    static func withServedLedger(tamper sql: String? = nil,
                                 _ body: @Sendable (_ base: String, _ directory: String, _ logKey: String) async throws -> Void)
        async throws {
        let directory = try await VerifyLedgerTests.dataDir()
        let keys = try LedgerKeys.load(dataDir: directory)
        let store = try await SQLiteStore.open(path: directory + "/trustmonitor.db")
        let publisher = CheckpointPublisher(store: store, signer: keys.log)
        try await publisher.publish()
        if let sql { try VerifyLedgerTests.tamper(directory, sql) }
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(router: APIRoutes.makeRouter(store: store, checkpoints: publisher, reportSigner: keys.report),
                              configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) })
        let running = Task { try await app.run() }
        defer { running.cancel() }
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())
        do {
            try await body("http://127.0.0.1:\(port)", directory, keys.log.verifierKey.vkey)
            try await store.close()
        } catch {
            try? await store.close()
            throw error
        }
    }

    @Test func aServedLedgerVerifiesWithAKeptCheckpoint() async throws {
        try await Self.withServedLedger { base, directory, logKey in
            let store = try await SQLiteStore.open(path: directory + "/trustmonitor.db")
            let early = try #require(try await store.checkpoints().first)
            try await store.close()
            #expect(early.size == 5)
            let kept = directory + "/kept-checkpoint"
            try early.note.write(toFile: kept, atomically: true, encoding: .utf8)

            let result = await run(["verify", "ledger", "--url", base, "--log-key", logKey, "--checkpoint", kept])
            #expect(result.status == 0, "\(result.output.stdout)\(result.output.stderr)")
            #expect(result.output.stdout.contains("ok    15 entries read"))
            #expect(result.output.stdout.contains("ok    checkpoint 5: signed"))
            #expect(result.output.stdout.contains("ok    checkpoint 15: signed"))
            #expect(result.output.stdout.contains("VERIFIED  ledger in \(base)"))
        }
    }

    /// An entry altered in the database after the checkpoint was signed is served altered, and the
    /// recomputed tree no longer reaches the signed root.
    @Test func anEntryAlteredBehindTheServerIsCaught() async throws {
        let sql = "UPDATE ledger_entries SET entry = replace(entry, 'HTTP 503', 'HTTP 502') WHERE seq = 7"
        try await Self.withServedLedger(tamper: sql) { base, _, logKey in
            let result = await run(["verify", "ledger", "--url", base, "--log-key", logKey])
            #expect(result.status == 1, "\(result.output.stdout)")
            #expect(result.output.stdout.contains("FAIL  checkpoint 15: an entry in 0..<15 changed after it was signed"))
        }
    }

    /// A checkpoint kept from another log of the same origin (a fork, or a forged history) does not verify.
    @Test func aCheckpointOfAnotherHistoryFails() async throws {
        try await Self.withServedLedger { base, directory, logKey in
            let keys = try LedgerKeys.load(dataDir: directory)
            let forged = try Checkpoint(origin: keys.log.name, size: 5, rootHash: RFC6962.leafHash(entry: Array("x".utf8)))
            let note = SignedNote(text: forged.text, signatures: [try keys.log.sign(text: forged.text)])
            let kept = directory + "/forked-checkpoint"
            try note.serialized.write(toFile: kept, atomically: true, encoding: .utf8)
            let result = await run(["verify", "ledger", "--url", base, "--log-key", logKey, "--checkpoint", kept])
            #expect(result.status == 1, "\(result.output.stdout)")
            #expect(result.output.stdout.contains("FAIL  checkpoint 5: an entry in 0..<5 changed after it was signed"))
        }
    }

    @Test(arguments: [
        ["verify", "ledger", "--url", "http://127.0.0.1:1"],
        ["verify", "ledger", "--url", "ftp://example.test", "--log-key", "x+00000000+AQ=="],
        ["verify", "ledger", "--url", "http://127.0.0.1:1", "--log-key", "not-a-vkey"],
        ["verify", "ledger", "--data", "/nonexistent", "--checkpoint", "/nonexistent/checkpoint"],
    ])
    func unusableInputIsExitTwo(arguments: [String]) async {
        let result = await run(arguments)
        #expect(result.status == 2, "\(result.output.stdout)\(result.output.stderr)")
        #expect(result.output.stderr.hasPrefix("error: "))
    }

    @Test func anUnreachableServerIsExitTwo() async throws {
        let signer = try NoteSigner.generate(name: "x.example/log", type: .ed25519)
        let result = await run(["verify", "ledger", "--url", "http://127.0.0.1:1", "--log-key", signer.verifierKey.vkey])
        #expect(result.status == 2)
        #expect(result.output.stderr.hasPrefix("error: "))
    }
}
