import Foundation
import Testing
import TrustMonitorLedger

/// Our witness's cosignatures, checked by code we did not write: the log runs a real tlog-witness exchange with
/// three `Witness` values (requests built by the log side, responses read back by it, one 409 and retry), and
/// `Tests/interop/verify_ledger.py witness` checks the request bodies, the response bodies and the cosigned
/// checkpoints with tlog-scales `VkeySet(log_vkey, witness_vkeys...).verify(...)`. Our own `CheckpointVerifier`
/// then applies "log key plus 2 of 3 witnesses" to the same notes.
@Suite("Ledger witness interop with independent verifiers", .serialized)
struct WitnessInteropLedgerTests {
    /// Every check of the script's witness mode; each must print `PASS <id>:` for untouched artefacts.
    static let checkIDs = [
        "witness-vkeys", "checkpoint-log-signature", "checkpoint-cosignatures", "checkpoint-tamper-rejected",
        "witness-requests", "witness-responses",
    ]

    @Test("tlog-scales accepts our witness's requests, responses and cosigned checkpoints")
    func independentVerifiersAccept() throws {
        try Self.verify(tamper: nil).expect(status: 0, failing: [], of: Self.checkIDs)
    }

    @Test("the independent verifiers reject tampered witness artefacts", arguments: WitnessExchange.Tamper.allCases)
    func independentVerifiersReject(tamper: WitnessExchange.Tamper) throws {
        try Self.verify(tamper: tamper).expect(status: 1, failing: [tamper.expectedFailure], of: Self.checkIDs)
    }

    /// Runs a fresh exchange through `verify_ledger.py` (which picks its witness mode from the manifest).
    static func verify(tamper: WitnessExchange.Tamper?) throws -> InteropPython.Result {
        let dir = try WitnessExchange().write(tamper: tamper)
        defer { InteropPython.cleanUp(dir) }
        return try InteropPython.verify(dir)
    }

    @Test("log key plus 2 of 3 witnesses: two cosignatures pass, one does not, an altered one rejects")
    func quorum() throws {
        let exchange = try WitnessExchange()
        let policy = try CheckpointVerifier(logKey: exchange.log.verifierKey,
                                            witnesses: exchange.witnessKeys, quorum: 2)
        let size = WitnessExchange.sizes.new
        let verified = try policy.verify(note: exchange.note(size: size, cosigners: [0, 2]).serialized)
        #expect(verified.checkpoint == exchange.cosigned[size]?.checkpoint)
        #expect(Set(verified.cosigners.map(\.key)) == [exchange.witnessKeys[0], exchange.witnessKeys[2]])
        #expect(verified.cosigners.allSatisfy { $0.timestamp == WitnessExchange.time(size: size) })
        let all = try exchange.note(size: size, cosigners: [0, 1, 2])
        #expect(try policy.verify(note: all.serialized).cosigners.count == 3)

        #expect(throws: LedgerError.self) {
            try policy.verify(note: exchange.note(size: size, cosigners: [1]).serialized)
        }
        for alteredByte in [7, 8, 71] { // the timestamp's last byte, the signature's first and last
            var note = try exchange.note(size: size, cosigners: [0, 1, 2])
            note.signatures[2].body[alteredByte] ^= 0x01
            #expect(throws: LedgerError.self) { try policy.verify(note: note.serialized) }
        }
    }
}

/// One log, three witnesses and the add-checkpoint exchanges between them for sizes 40 and 70.
struct WitnessExchange {
    enum Tamper: String, CaseIterable, CustomTestStringConvertible {
        /// One witness's cosignature timestamp in the size-70 checkpoint changed after signing.
        case cosignatureTimestamp
        /// One bit of a consistency-proof line of the 40 -> 70 request flipped.
        case requestProof
        /// One byte of a witness's response body (its signature) flipped.
        case response

        var testDescription: String { rawValue }

        var expectedFailure: String {
            switch self {
            case .cosignatureTimestamp: "checkpoint-cosignatures"
            case .requestProof: "witness-requests"
            case .response: "witness-responses"
            }
        }
    }

    static let sizes = (old: 40, new: 70)
    static func time(size: Int) -> UInt64 { 1_750_000_000 + UInt64(size) }

    let log: NoteSigner
    let witnessKeys: [NoteVerifierKey]
    let tree: MerkleTree
    /// The requests the log sent to witness 0 (the others got the same bodies), by checkpoint size.
    let requests: [Int: AddCheckpointRequest]
    /// Each witness's 200 response, by checkpoint size.
    let cosigned: [Int: Witness.Cosigned]
    let responses: [Int: [Witness.Cosigned]]

    init() throws {
        let fixture = try WitnessFixture()
        log = fixture.log
        tree = WitnessFixture.tree(size: Self.sizes.new)
        let logKey = fixture.log.verifierKey
        var witnesses = try ["eu-west", "us-east", "ap-south"].map { region in
            try Witness(signer: NoteSigner.generate(name: "witness.\(region).example.test", type: .cosignatureV1),
                        logKeys: [logKey])
        }
        witnessKeys = witnesses.map(\.signer.verifierKey)
        var requests: [Int: AddCheckpointRequest] = [:]
        var responses: [Int: [Witness.Cosigned]] = [:]
        // The log's belief about each witness; it has lost its record of witness 2 before the second round.
        var believed = [0, 0, 0]
        for size in [Self.sizes.old, Self.sizes.new] {
            if size == Self.sizes.new { believed[2] = 0 }
            let note = try fixture.note(tree, size: size)
            for index in witnesses.indices {
                var request = try AddCheckpointRequest(note: note, tree: tree, witnessSize: believed[index])
                var result = witnesses[index].addCheckpoint(request, now: Self.time(size: size))
                if let conflict = result.rejection, conflict.status == 409 {
                    // As a log does: read the size from the 409 body and retry once.
                    let known = try #require(WitnessResponse.knownSize(conflictBody: conflict.body))
                    request = try AddCheckpointRequest(note: note, tree: tree, witnessSize: known)
                    result = witnesses[index].addCheckpoint(request, now: Self.time(size: size))
                }
                let answer = try result.get()
                _ = try WitnessResponse.cosignatures(body: answer.body, checkpoint: request.checkpoint,
                                                     witness: witnessKeys[index])
                responses[size, default: []].append(answer)
                if index == 0 { requests[size] = request }
                believed[index] = size
            }
        }
        self.requests = requests
        self.responses = responses
        self.cosigned = responses.compactMapValues(\.first)
    }

    /// The checkpoint at `size` as the log serves it: its signature plus the chosen witnesses' cosignatures.
    func note(size: Int, cosigners: [Int]) throws -> SignedNote {
        let checkpoint = try Checkpoint(origin: WitnessFixture.origin, size: size, rootHash: tree.rootHash(size: size))
        let answers = try #require(responses[size])
        return SignedNote(text: checkpoint.text,
                          signatures: [try log.sign(text: checkpoint.text)] + cosigners.map { answers[$0].signature })
    }

    /// Writes the artefacts and `manifest.json` (`"kind": "witness"`) to a fresh temp dir and returns it.
    func write(tamper: Tamper?) throws -> URL {
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("trustmonitor-witness-interop-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let cosigners = [Self.sizes.old: [0, 1], Self.sizes.new: [0, 1, 2]]
        var checkpoints: [[String: Any]] = []
        var requestEntries: [[String: Any]] = []
        var responseEntries: [[String: Any]] = []
        for size in [Self.sizes.old, Self.sizes.new] {
            let chosen = try #require(cosigners[size])
            var note = try note(size: size, cosigners: chosen)
            if tamper == .cosignatureTimestamp, size == Self.sizes.new { note.signatures[2].body[7] ^= 0x01 }
            try Data(note.serialized.utf8).write(to: dir.appendingPathComponent("checkpoint-\(size)"))
            checkpoints.append(["file": "checkpoint-\(size)", "size": size, "cosign_timestamp": Self.time(size: size),
                                "cosigners": chosen.map { witnessKeys[$0].name }])

            var request = try #require(requests[size])
            if tamper == .requestProof, size == Self.sizes.new {
                var proof = request.proof
                proof[proof.count / 2] = LedgerFixtures.flipped(proof[proof.count / 2], bit: 100)
                request = try AddCheckpointRequest(oldSize: request.oldSize, proof: proof, note: request.note)
            }
            let requestFile = "request-\(request.oldSize)-\(size)"
            try Data(request.body.utf8).write(to: dir.appendingPathComponent(requestFile))
            requestEntries.append(["file": requestFile, "old_size": request.oldSize, "size": size])

            for (index, answer) in try #require(responses[size]).enumerated() {
                var line = answer.signature
                if tamper == .response, size == Self.sizes.new, index == 0 { line.body[40] ^= 0x01 }
                let file = "response-\(index)-\(size)"
                try Data(line.line.utf8).write(to: dir.appendingPathComponent(file))
                responseEntries.append(["file": file, "witness": witnessKeys[index].name, "size": size,
                                        "cosign_timestamp": Self.time(size: size)])
            }
        }
        let manifest: [String: Any] = [
            "kind": "witness",
            "origin": WitnessFixture.origin,
            "log_vkey": log.verifierKey.vkey,
            "witness_vkeys": witnessKeys.map(\.vkey),
            "checkpoints": checkpoints,
            "requests": requestEntries,
            "responses": responseEntries,
        ]
        let json = try JSONSerialization.data(withJSONObject: manifest, options: [.prettyPrinted, .sortedKeys])
        try json.write(to: dir.appendingPathComponent("manifest.json"))
        return dir
    }
}

extension InteropPython.Result {
    /// Expects exit `expected`, a `FAIL <id>:` line for each check in `failing` and `PASS <id>:` for the others.
    func expect(status expected: Int32, failing: Set<String>, of ids: [String],
                sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(status == expected, "exit \(status), want \(expected):\n\(transcript)", sourceLocation: sourceLocation)
        for id in ids {
            let line = failing.contains(id) ? "FAIL \(id):" : "PASS \(id):"
            #expect(stdout.contains(line), "no \(line) line:\n\(transcript)", sourceLocation: sourceLocation)
        }
    }
}
