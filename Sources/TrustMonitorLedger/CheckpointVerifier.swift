/// The policy for trusting a checkpoint: the log's own signature plus cosignatures by at least `quorum` of the
/// given witnesses. The log key alone proves who wrote the checkpoint; the witnesses prove that the log showed
/// the same tree to them (no split view), since each cosigns only after checking consistency.
public struct CheckpointVerifier: Sendable {
    /// A checkpoint that passed the policy, with the witnesses that vouched for it and when.
    public struct Verified: Hashable, Sendable {
        public let checkpoint: Checkpoint
        /// Each verified witness's key and cosignature timestamp (UNIX seconds).
        public let cosigners: [Cosigner]
    }

    /// One witness that cosigned.
    public struct Cosigner: Hashable, Sendable {
        public let key: NoteVerifierKey
        public let timestamp: UInt64
    }

    public let logKey: NoteVerifierKey
    public let witnesses: [NoteVerifierKey]
    public let quorum: Int

    /// Fails unless `logKey` is a 0x01 key named like an origin, every witness key is a 0x04 key, and
    /// `quorum` is within 0...witnesses.count.
    public init(logKey: NoteVerifierKey, witnesses: [NoteVerifierKey] = [], quorum: Int = 0) throws(LedgerError) {
        guard logKey.type == .ed25519 else {
            throw LedgerError(.invalidArgument, "the log key \(logKey.keyLabel) must be an Ed25519 (0x01) key")
        }
        guard witnesses.allSatisfy({ $0.type == .cosignatureV1 }) else {
            throw LedgerError(.invalidArgument, "witness keys must be cosignature/v1 (0x04) keys")
        }
        guard quorum >= 0, quorum <= witnesses.count else {
            throw LedgerError(.invalidArgument, "quorum \(quorum) is not within 0...\(witnesses.count)")
        }
        // Construction checks the witness set for ambiguous keys once, here.
        if !witnesses.isEmpty { _ = try NoteVerifier(keys: witnesses, threshold: 1) }
        self.logKey = logKey
        self.witnesses = witnesses
        self.quorum = quorum
    }

    /// Parses and verifies a signed checkpoint note against the policy.
    public func verify(note text: String) throws(LedgerError) -> Verified {
        let note = try SignedNote(parsing: text)
        let checkpoint = try Checkpoint(text: note.text)
        guard checkpoint.origin == logKey.name else {
            throw LedgerError(.malformedCheckpoint, "origin \(checkpoint.origin) is not the log key's name")
        }
        try NoteVerifier(keys: [logKey]).verify(note)
        guard !witnesses.isEmpty else { return Verified(checkpoint: checkpoint, cosigners: []) }
        // Threshold 1 here only to collect; the quorum (possibly 0) is checked below, so that a failing
        // known cosignature still rejects the note even when no cosignature is required.
        let cosigned: [NoteVerifierKey]
        do {
            cosigned = try NoteVerifier(keys: witnesses, threshold: 1).verify(note)
        } catch where error.code == .insufficientSignatures {
            cosigned = []
        }
        guard cosigned.count >= quorum else {
            throw LedgerError(.insufficientSignatures, "\(cosigned.count) of \(quorum) required witnesses cosigned")
        }
        let cosigners = cosigned.compactMap { key -> Cosigner? in
            let line = note.signatures.first { $0.name == key.name && $0.keyID == key.keyID }
            guard let line, let timestamp = Cosignature.timestamp(of: line) else { return nil }
            return Cosigner(key: key, timestamp: timestamp)
        }
        return Verified(checkpoint: checkpoint, cosigners: cosigners)
    }
}
