import Foundation
import Testing
import TrustMonitorAgentProtocol
import TrustMonitorLedger
@testable import TrustMonitorAgent

/// Several servers as given on the command line, and the pool that moves between them.
@Suite struct AgentConfigurationTests {
    static func configuration(_ servers: [String], canary: String? = nil) throws -> AgentConfiguration {
        try AgentConfiguration(servers: servers, token: "t", region: "eu", dataDir: "/tmp/unused", canary: canary)
    }

    @Test(arguments: [
        (["http://a.test"], ["http://a.test/"]),
        (["http://a.test,https://b.test/prefix"], ["http://a.test/", "https://b.test/prefix/"]),
        (["http://a.test", "http://b.test, http://c.test"], ["http://a.test/", "http://b.test/", "http://c.test/"]),
        (["http://a.test/", "http://a.test", "http://b.test"], ["http://a.test/", "http://b.test/"]),
    ])
    func serversAreRepeatedOrCommaSeparatedInOrder(given: [String], expected: [String]) throws {
        #expect(try Self.configuration(given).servers == expected)
    }

    @Test(arguments: [[], [""], ["http://a.test,"], ["http://a.test,ftp://b.test"]])
    func anEmptyOrBadServerIsRefused(given: [String]) {
        #expect(throws: AgentConfigurationError.self) { try Self.configuration(given) }
    }

    @Test func theDefaultCanaryIsTheHealthzOfTheServerInUse() throws {
        let configuration = try Self.configuration(["http://a.test/x", "http://b.test"])
        #expect(configuration.canary == nil)
        #expect(configuration.addresses.map(\.healthz.description) == ["http://a.test/x/healthz", "http://b.test/healthz"])
        #expect(try Self.configuration(["http://a.test"], canary: "https://example.com/").canary?.description
            == "https://example.com/")
    }

    @Test func thePoolMovesOncePerFailureOfTheServerInUse() throws {
        let pool = ServerPool(try Self.configuration(["http://a.test", "http://b.test"]).addresses)
        let seen = pool.current
        #expect(seen.address.base == "http://a.test/" && seen.registered == nil)
        let registered = AgentRegistered(probe: "p", region: "eu", heartbeatSeconds: 1, leaseSeconds: 10)
        pool.record(registered, in: seen)
        #expect(pool.current.registered == registered)
        // Two loops fail on a.test at once: one move, and the registration is a.test's no more.
        #expect(pool.moveOn(from: seen)?.base == "http://b.test/")
        #expect(pool.moveOn(from: seen) == nil)
        #expect(pool.current.address.base == "http://b.test/" && pool.current.registered == nil)
        // A registration answered by the server left behind is not taken for the new one's.
        pool.record(registered, in: seen)
        #expect(pool.current.registered == nil)
        #expect(pool.latestRegistration == registered)
        #expect(pool.moveOn(from: pool.current)?.base == "http://a.test/", "round robin")
    }

    @Test func theWitnessKeyNameSaysTheRegion() {
        #expect(WitnessFiles.keyName(region: "eu-west.1") == "eu-west.1.witness.trustmonitor")
        #expect(WitnessFiles.keyName(region: "a+b/c") == "a-b-c.witness.trustmonitor")
    }

    @Test func theStateIsReplacedWholeWithNothingLeftBeside() throws {
        let directory = NSTemporaryDirectory() + "tm-witness-files-\(UUID().uuidString)"
        let files = try WitnessFiles.open(dataDir: directory, region: "eu")
        #expect(files.state == WitnessState() && files.pinnedLogKey == nil)
        let log = try NoteSigner.generate(name: "log.test/ledger", type: .ed25519)
        var witness = try Witness(signer: files.signer, logKeys: [log.verifierKey])
        for size in 1...3 {
            let tree = MerkleTree(leafHashes: (0..<size).map { RFC6962.leafHash(entry: Array("\($0)".utf8)) })
            let checkpoint = try Checkpoint(origin: log.name, size: size, rootHash: tree.rootHash)
            let note = SignedNote(text: checkpoint.text, signatures: [try log.sign(text: checkpoint.text)])
            let request = try AddCheckpointRequest(note: note, tree: tree, witnessSize: witness.state[log.name].size)
            _ = try witness.addCheckpoint(request, now: 1_700_000_000).get()
            try files.save(witness.state)
        }
        try files.pin(log.verifierKey)
        let reopened = try WitnessFiles.open(dataDir: directory, region: "eu")
        #expect(reopened.state[log.name].size == 3)
        #expect(reopened.pinnedLogKey == log.verifierKey)
        #expect(reopened.signer.verifierKey == files.signer.verifierKey)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
            == ["log.vkey", "witness-state.json", "witness.skey"])
    }
}
