import Testing
import TrustMonitorLedger

/// A log that forks (shows two regions two different trees) must not get both branches cosigned by one witness:
/// what makes a quorum of cosignatures mean "everyone sees the same history".
@Suite("Ledger witness: forks")
struct WitnessForkLedgerTests {
    static let origin = WitnessFixture.origin
    static let forkAt = 20

    static let branchA = WitnessFixture.tree(size: 80, branch: "a", forkAt: forkAt)
    static let branchB = WitnessFixture.tree(size: 80, branch: "b", forkAt: forkAt)

    @Test("two trees of the same size: the second is 409, whichever came first", arguments: [false, true])
    func sameSizeFork(bFirst: Bool) throws {
        let (first, second) = bFirst ? (Self.branchB, Self.branchA) : (Self.branchA, Self.branchB)
        let fixture = try WitnessFixture()
        var witness = try fixture.witness(cosigned: first, sizes: [10, 50])
        let before = witness.state
        let fork = try fixture.request(second, size: 50, old: 50)
        let rejection = try #require(witness.addCheckpoint(fork, now: WitnessFixture.now).rejection)
        #expect(rejection.code == .rootMismatch)
        #expect(rejection.status == 409 && rejection.knownSize == 50 && rejection.body == "50\n")
        #expect(witness.state == before)
    }

    @Test("the other branch, grown further with its own honest proof, is 422", arguments: [
        (old: 30, new: 50), (old: 50, new: 51), (old: 50, new: 80), (old: 64, new: 80),
    ])
    func grownFork(old: Int, new: Int) throws {
        let fixture = try WitnessFixture()
        var witness = try fixture.witness(cosigned: Self.branchA, sizes: [old])
        let before = witness.state
        let fork = try fixture.request(Self.branchB, size: new, old: old)
        let rejection = try #require(witness.addCheckpoint(fork, now: WitnessFixture.now).rejection)
        #expect(rejection.code == .inconsistent && rejection.status == 422)
        #expect(witness.state == before)
        // Branch A's own proof does not help branch B's checkpoint either.
        let borrowed = try AddCheckpointRequest(
            oldSize: old, proof: Self.branchA.consistencyProof(from: old, to: new).hashes, note: fork.note)
        #expect(witness.addCheckpoint(borrowed, now: WitnessFixture.now).rejection?.status == 422)
        // The honest branch still grows.
        let honest = try fixture.request(Self.branchA, size: new, old: old)
        #expect(witness.addCheckpoint(honest, now: WitnessFixture.now).cosigned != nil)
    }

    @Test("within the shared prefix either branch may follow; after the first cosigned fork, never the other")
    func sharedPrefix() throws {
        let fixture = try WitnessFixture()
        let atPrefix = try fixture.witness(cosigned: Self.branchA, sizes: [Self.forkAt])
        for tree in [Self.branchA, Self.branchB] {
            var witness = atPrefix
            let request = try fixture.request(tree, size: 60, old: Self.forkAt)
            #expect(witness.addCheckpoint(request, now: WitnessFixture.now).cosigned != nil)
            let other = tree.rootHash == Self.branchA.rootHash ? Self.branchB : Self.branchA
            let fork = try fixture.request(other, size: 70, old: 60)
            #expect(witness.addCheckpoint(fork, now: WitnessFixture.now).rejection?.status == 422)
        }
    }

    /// A log picks a branch, a size (mostly not below the witness's), an old size (mostly the witness's,
    /// sometimes a guess) and a proof (mostly its own, sometimes the other branch's) at random; whatever it does,
    /// everything cosigned lies on one branch and the recorded size never shrinks.
    @Test("random requests from a forking log never get both branches cosigned", arguments: [1, 2, 3, 4, 5, 6])
    func neverBothBranches(seed: UInt64) throws {
        let fixture = try WitnessFixture()
        var witness = try fixture.witness()
        var random = SplitMix64(seed: seed)
        var cosigned: [Checkpoint] = []
        var recorded = 0
        for _ in 0..<300 {
            let tree = Bool.random(using: &random) ? Self.branchA : Self.branchB
            let other = tree.rootHash == Self.branchA.rootHash ? Self.branchB : Self.branchA
            let known = witness.state[Self.origin].size
            let size = Int.random(in: 0..<4, using: &random) == 0 ? Int.random(in: 0...80, using: &random)
                                                                   : Int.random(in: known...80, using: &random)
            let old = Int.random(in: 0..<4, using: &random) == 0 ? Int.random(in: 0...size, using: &random)
                                                                  : min(known, size)
            let prover = Int.random(in: 0..<5, using: &random) == 0 ? other : tree
            let request = try AddCheckpointRequest(
                oldSize: old, proof: prover.consistencyProof(from: old, to: size).hashes,
                note: fixture.note(tree, size: size))
            if let result = witness.addCheckpoint(request, now: WitnessFixture.now).cosigned {
                cosigned.append(result.checkpoint)
            }
            #expect(witness.state[Self.origin].size >= recorded)
            recorded = witness.state[Self.origin].size
        }
        let onA = try cosigned.allSatisfy { try Self.branchA.rootHash(size: $0.size) == $0.rootHash }
        let onB = try cosigned.allSatisfy { try Self.branchB.rootHash(size: $0.size) == $0.rootHash }
        #expect(onA || onB, "cosigned checkpoints from both branches: \(cosigned.map(\.size))")
        #expect(cosigned.count >= 5, "too few cosignatures to mean anything: \(cosigned.count)")
        #expect(cosigned.contains { $0.size > Self.forkAt }, "never got past the shared prefix")
    }
}
