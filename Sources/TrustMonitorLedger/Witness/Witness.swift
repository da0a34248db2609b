/// The witness side of C2SP tlog-witness `add-checkpoint`, as a pure value: the probe agent of one region
/// cosigns our log's checkpoints only when each extends the last one it cosigned.
///
/// That one rule is the point: a log that shows two regions two different trees (a split view) cannot get both
/// cosigned by the same witness, so clients that require cosignatures from a quorum of witnesses all see one
/// history. The checks run in the spec's order and each failure is a `WitnessRejection` with the spec's status.
///
/// No I/O and no clock: the caller passes `now` and persists `state`. The spec requires the size check and the
/// state update to be atomic, and the new state to be durable before the cosignature is sent, so the caller
/// (one actor owning the witness) does: `var next = witness; let result = next.addCheckpoint(...)`; on
/// success write `next.state`, then keep `next` and respond. A failed write leaves the old witness in place.
public struct Witness: Sendable {
    /// A successful add-checkpoint: the 200 response.
    public struct Cosigned: Hashable, Sendable {
        /// The checkpoint now recorded as the latest cosigned for its origin.
        public let checkpoint: Checkpoint
        /// The witness's cosignature/v1 line over `checkpoint`.
        public let signature: NoteSignature

        /// The content type of `body`; the spec prescribes none, the lines are plain UTF-8 text.
        public static let contentType = "text/plain; charset=utf-8"

        /// The response body: the cosignature line `— <witness name> base64(key ID || time || signature)\n`.
        public var body: String { signature.line }
    }

    /// The witness's cosignature/v1 (0x04) key.
    public let signer: NoteSigner
    /// The latest cosigned checkpoint per origin; persist it after every success.
    public private(set) var state: WitnessState
    /// The trusted log keys by origin; a log key's name is its origin (C2SP tlog-checkpoint, LEDGER.md).
    private let verifiers: [String: NoteVerifier]

    /// Fails unless `signer` is a cosignature/v1 key and every log key is an Ed25519 (0x01) key; keys with the
    /// same name are the same log's (a log rotating its key is trusted under both while it rotates).
    public init(signer: NoteSigner, logKeys: [NoteVerifierKey], state: WitnessState = WitnessState())
        throws(LedgerError)
    {
        guard signer.verifierKey.type == .cosignatureV1 else {
            throw LedgerError(.invalidArgument, "the witness key \(signer.verifierKey.keyLabel) must be a 0x04 key")
        }
        var byOrigin: [String: [NoteVerifierKey]] = [:]
        for key in logKeys {
            guard key.type == .ed25519 else {
                throw LedgerError(.invalidArgument, "the log key \(key.keyLabel) must be an Ed25519 (0x01) key")
            }
            byOrigin[key.name, default: []].append(key)
        }
        var verifiers: [String: NoteVerifier] = [:]
        for (origin, keys) in byOrigin { verifiers[origin] = try NoteVerifier(keys: keys) }
        self.signer = signer
        self.state = state
        self.verifiers = verifiers
    }

    /// The configured log keys, by origin then in the order given.
    public var logKeys: [NoteVerifierKey] {
        verifiers.keys.sorted().flatMap { verifiers[$0]?.keys ?? [] }
    }

    /// Checks `request` as tlog-witness prescribes and, when it extends the recorded checkpoint, records it and
    /// cosigns it at `now` (UNIX seconds). On failure `state` is unchanged.
    public mutating func addCheckpoint(_ request: AddCheckpointRequest, now: UInt64)
        -> Result<Cosigned, WitnessRejection>
    {
        let checkpoint = request.checkpoint
        let origin = checkpoint.origin
        guard let verifier = verifiers[origin] else {
            return .failure(WitnessRejection(.unknownLog, "no log with origin \(origin) is configured"))
        }
        do {
            try verifier.verify(request.note)
        } catch {
            return .failure(WitnessRejection(.unverifiedCheckpoint, "the log's signature: \(error.message)"))
        }
        guard request.oldSize <= checkpoint.size else {
            return .failure(WitnessRejection(
                .oldSizeAboveCheckpoint, "old size \(request.oldSize) is above the checkpoint's \(checkpoint.size)"))
        }
        let known = state[origin]
        guard request.oldSize == known.size else {
            return .failure(.conflict(.oldSizeMismatch, knownSize: known.size,
                                      "old size \(request.oldSize), but the last cosigned size is \(known.size)"))
        }
        guard checkpoint.size != known.size || checkpoint.rootHash == known.rootHash else {
            return .failure(.conflict(.rootMismatch, knownSize: known.size,
                                      "size \(known.size) was cosigned with another root: the log forked"))
        }
        do {
            try request.consistencyProof.verify(oldRoot: known.rootHash, newRoot: checkpoint.rootHash)
        } catch {
            return .failure(WitnessRejection(
                .inconsistent, "no proof that size \(known.size) extends to \(checkpoint.size): \(error.message)"))
        }
        let signature: NoteSignature
        do {
            signature = try signer.cosign(text: checkpoint.text, timestamp: now)
        } catch {
            return .failure(WitnessRejection(.signingFailed, error.message))
        }
        state.record(checkpoint)
        return .success(Cosigned(checkpoint: checkpoint, signature: signature))
    }

    /// `addCheckpoint` for a raw request body: what an HTTP handler calls; a body that does not parse is a 400.
    public mutating func addCheckpoint(body: [UInt8], now: UInt64) -> Result<Cosigned, WitnessRejection> {
        let request: AddCheckpointRequest
        do {
            request = try AddCheckpointRequest(parsing: body)
        } catch {
            return .failure(WitnessRejection(.malformedRequest, error.message))
        }
        return addCheckpoint(request, now: now)
    }
}
