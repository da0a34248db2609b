import Testing
import TrustMonitorLedger

/// Hostile bodies: every truncation, every single bit flip and random line edits of a real request. The parser
/// must never crash and must describe exactly the bytes it accepted; the witness must never cosign anything but
/// the genuine checkpoint, however the body was garbled.
@Suite("Ledger witness: garbled requests")
struct WitnessFuzzLedgerTests {
    struct Setup {
        let witness: Witness
        let genuine: AddCheckpointRequest
        let body: [UInt8]

        /// A witness at 40 and the log's request 40 -> 70, which also carries another witness's cosignature.
        init() throws {
            let fixture = try WitnessFixture()
            let tree = WitnessFixture.tree(size: 70)
            witness = try fixture.witness(cosigned: tree, sizes: [40])
            let request = try fixture.request(tree, size: 70, old: 40)
            let other = try NoteSigner.generate(name: "witness.us-east.example.test", type: .cosignatureV1)
            var note = request.note
            note.signatures.append(try other.cosign(text: note.text, timestamp: WitnessFixture.now))
            genuine = try AddCheckpointRequest(oldSize: 40, proof: request.proof, note: note)
            body = Array(genuine.body.utf8)
        }

        /// Parses `bytes` and feeds them to a copy of the witness; records what must never happen.
        func check(_ bytes: [UInt8], _ label: @autoclosure () -> String) -> Bool {
            if let parsed = try? AddCheckpointRequest(parsing: bytes) {
                #expect(Array(parsed.body.utf8) == bytes, "\(label()): parsed, but re-serializes differently")
            }
            var attempt = witness
            guard let cosigned = attempt.addCheckpoint(body: bytes, now: WitnessFixture.now).cosigned else {
                #expect(attempt.state == witness.state, "\(label()): rejected, but the state changed")
                return false
            }
            #expect(cosigned.checkpoint == genuine.checkpoint, "\(label()): cosigned another checkpoint")
            return true
        }
    }

    @Test("every truncation is rejected or parses to exactly its bytes")
    func truncations() throws {
        let setup = try Setup()
        var accepted: [Int] = []
        for length in 0..<setup.body.count where setup.check(Array(setup.body.prefix(length)), "prefix \(length)") {
            accepted.append(length)
        }
        // Only dropping the trailing unknown cosignature line leaves a request the witness accepts.
        let withoutLastLine = setup.genuine.body.utf8.count - setup.genuine.note.signatures[1].line.utf8.count
        #expect(accepted == [withoutLastLine])
    }

    @Test("every single bit flip: never a cosignature on another checkpoint")
    func bitFlips() throws {
        let setup = try Setup()
        var accepted = 0
        for index in setup.body.indices {
            for bit in 0..<8 {
                var bytes = setup.body
                bytes[index] ^= 1 << UInt8(bit)
                if setup.check(bytes, "byte \(index) bit \(bit)") { accepted += 1 }
            }
        }
        // Flips inside the unknown witness's line may still be accepted (its line is ignored); nothing else.
        let unknownLine = setup.genuine.note.signatures[1].line.utf8.count
        #expect(accepted <= unknownLine * 8)
    }

    @Test("random line edits: never a crash, never another checkpoint", arguments: [11, 12, 13, 14] as [UInt64])
    func lineEdits(seed: UInt64) throws {
        let setup = try Setup()
        var random = SplitMix64(seed: seed)
        let lines = setup.genuine.body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for round in 0..<300 {
            var edited = lines
            for _ in 0..<Int.random(in: 1...3, using: &random) {
                let index = Int.random(in: 0..<edited.count, using: &random)
                switch Int.random(in: 0..<5, using: &random) {
                case 0: edited.remove(at: index)
                case 1: edited.insert(edited[index], at: index)
                case 2: edited.swapAt(index, Int.random(in: 0..<edited.count, using: &random))
                case 3: edited[index] = String(edited[index].shuffled(using: &random))
                default: edited.insert("", at: index)
                }
                if edited.isEmpty { edited = [""] }
            }
            _ = setup.check(Array(edited.joined(separator: "\n").utf8), "seed \(seed) round \(round)")
        }
    }
}
