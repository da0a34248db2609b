import Foundation
import Testing
import TrustMonitorLedger

/// The witness's durable state: what a restarted witness reads back must make it refuse exactly what it
/// refused before the restart, and a damaged file must fail to load rather than reset the witness.
@Suite("Ledger witness: durable state")
struct WitnessStateLedgerTests {
    static let origin = WitnessFixture.origin

    @Test("state survives a JSON round trip and a restarted witness continues from it")
    func restart() throws {
        let fixture = try WitnessFixture()
        let tree = WitnessFixture.tree(size: 70)
        let before = try fixture.witness(cosigned: tree, sizes: [40])
        let json = try JSONEncoder().encode(before.state)
        let restored = try JSONDecoder().decode(WitnessState.self, from: json)
        #expect(restored == before.state)
        let object = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        #expect(object["v"] as? Int == 1)
        let logs = try #require(object["logs"] as? [String: [String: Any]])
        #expect(logs[Self.origin]?["size"] as? Int == 40)
        #expect(logs[Self.origin]?["root_hash"] as? String == (try tree.rootHash(size: 40).base64))

        var witness = try fixture.witness(state: restored)
        let fromZero = try fixture.request(tree, size: 70, old: 0)
        #expect(witness.addCheckpoint(fromZero, now: WitnessFixture.now).rejection?.knownSize == 40)
        let fork = try fixture.request(WitnessFixture.tree(size: 40, branch: "b"), size: 40, old: 40)
        #expect(witness.addCheckpoint(fork, now: WitnessFixture.now).rejection?.code == .rootMismatch)
        let next = try fixture.request(tree, size: 70, old: 40)
        #expect(witness.addCheckpoint(next, now: WitnessFixture.now).cosigned != nil)
        #expect(witness.state[Self.origin] == WitnessState.Log(size: 70, rootHash: tree.rootHash))
    }

    @Test("an empty state encodes and decodes")
    func empty() throws {
        let json = try JSONEncoder().encode(WitnessState())
        #expect(try JSONDecoder().decode(WitnessState.self, from: json) == WitnessState())
        #expect(WitnessState()["any.example/log"] == .initial)
        #expect(WitnessState.Log.initial.rootHash.base64 == "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=")
    }

    static let root = WitnessFixture.tree(size: 3).rootHash.base64

    @Test("damaged state does not load", arguments: [
        #"{"logs":{}}"#,
        #"{"v":2,"logs":{}}"#,
        #"{"v":1}"#,
        #"{"v":1,"logs":{"a.example/log":{"size":-1,"root_hash":"\#(root)"}}}"#,
        #"{"v":1,"logs":{"a.example/log":{"size":3,"root_hash":"AAAA"}}}"#,
        #"{"v":1,"logs":{"a.example/log":{"size":3,"root_hash":"\#(root.dropLast())"}}}"#,
        #"{"v":1,"logs":{"a.example/log":{"size":3}}}"#,
        #"{"v":1,"logs":{"a.example/log":{"size":0,"root_hash":"\#(root)"}}}"#,
        #"{"v":1,"logs":{"a example/log":{"size":3,"root_hash":"\#(root)"}}}"#,
        #"{"v":1,"logs":{"a.example/log":{"size":"3","root_hash":"\#(root)"}}}"#,
    ])
    func damaged(json: String) {
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(WitnessState.self, from: Data(json.utf8)) }
    }
}
