import TrustMonitorLedger

/// A log, one witness key and trees to show it: shared by the witness suites.
///
/// Trees are built from entries spelled by `branch`; two branches share their first `forkAt` entries and differ
/// after, which is how the suites make a log that shows different regions different histories.
struct WitnessFixture {
    static let origin = "monitor.example.test/trustmonitor/ledger"
    static let now: UInt64 = 1_750_000_000

    let log: NoteSigner
    let witnessSigner: NoteSigner

    init(witnessName: String = "witness.eu-west.example.test") throws {
        log = try NoteSigner.generate(name: Self.origin, type: .ed25519)
        witnessSigner = try NoteSigner.generate(name: witnessName, type: .cosignatureV1)
    }

    /// A witness trusting this log, with `state`.
    func witness(state: WitnessState = WitnessState()) throws -> Witness {
        try Witness(signer: witnessSigner, logKeys: [log.verifierKey], state: state)
    }

    /// `size` entries; those at index `forkAt` and later differ between branches.
    static func tree(size: Int, branch: String = "a", forkAt: Int = 0) -> MerkleTree {
        var tree = MerkleTree()
        for index in 0..<size {
            let spelling = index < forkAt ? "shared" : branch
            tree.append(entry: Array(#"{"v":1,"type":"observation","seq":\#(index),"b":"\#(spelling)"}"#.utf8))
        }
        return tree
    }

    /// The checkpoint of `tree` at `size`, signed by the log.
    func note(_ tree: MerkleTree, size: Int) throws -> SignedNote {
        let checkpoint = try Checkpoint(origin: Self.origin, size: size, rootHash: tree.rootHash(size: size))
        return SignedNote(text: checkpoint.text, signatures: [try log.sign(text: checkpoint.text)])
    }

    /// The request an honest log sends for `tree` at `size` to a witness it believes is at `old`.
    func request(_ tree: MerkleTree, size: Int, old: Int) throws -> AddCheckpointRequest {
        try AddCheckpointRequest(note: note(tree, size: size), tree: tree, witnessSize: old)
    }

    /// A witness that has cosigned `tree` at each of `sizes` in turn (each request must succeed).
    func witness(cosigned tree: MerkleTree, sizes: [Int]) throws -> Witness {
        var witness = try self.witness()
        for size in sizes {
            let old = witness.state[Self.origin].size
            guard case .success = witness.addCheckpoint(try request(tree, size: size, old: old), now: Self.now) else {
                throw FixtureError(message: "the witness refused an honest checkpoint \(old) -> \(size)")
            }
        }
        return witness
    }

    struct FixtureError: Error {
        var message: String
    }
}

extension Result where Success == Witness.Cosigned, Failure == WitnessRejection {
    var cosigned: Witness.Cosigned? { try? get() }

    var rejection: WitnessRejection? {
        if case .failure(let rejection) = self { return rejection }
        return nil
    }
}

/// SplitMix64: a seeded generator so that the randomized suites fail the same way every run.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
