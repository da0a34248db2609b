import Logging
public import ServiceLifecycle
public import TrustMonitorLedger
public import TrustMonitorStore
public import TrustMonitorCore

/// Keeps the Merkle tree of the stored ledger entries and signs a checkpoint whenever it has grown,
/// checking each stored leaf hash against the entry bytes as it goes.
///
/// The tree only ever grows from the stored, append-only entries, so every checkpoint it signs is
/// consistent with every earlier one.
public actor CheckpointPublisher: Service {
    let store: any Store
    let signer: NoteSigner
    let interval: Duration
    private var tree = MerkleTree()
    /// The latest checkpoint as served: the log's signature plus the witnesses' cosignatures gathered so far.
    public private(set) var latest: SignedNote?
    private var checkedAgainstStored = false
    /// Whether this replica signs (the active one) or serves what the active one signed (a standby).
    let signs: @Sendable () async -> Bool
    /// Set while serving as a standby: the tree may then run ahead of the newest stored checkpoint, and only
    /// what that checkpoint covers is served.
    private var following = false

    public init(store: any Store, signer: NoteSigner, interval: Duration = .seconds(2),
                signs: @escaping @Sendable () async -> Bool = { true }) {
        self.store = store
        self.signer = signer
        self.interval = interval
        self.signs = signs
    }

    /// The checkpoint to serve now: the active replica's latest (signed now when there is none yet); a
    /// standby's, the newest one the active replica stored, checked against the entries it covers. A standby
    /// never signs: two signers racing would give one log two checkpoints of one size.
    public func current() async throws -> SignedNote {
        guard await signs() else { return try await follow() }
        following = false
        if let latest { return latest }
        return try await publish()
    }

    /// Reads the entries the active replica appended and takes its newest stored checkpoint, after checking
    /// it is signed with this replica's log key and matches the tree.
    func follow() async throws -> SignedNote {
        following = true
        try await readNewEntries()
        guard let stored = try await store.latestCheckpoint() else { throw NoCheckpointYet() }
        if let latest, latest.serialized == stored.note { return latest }
        let (note, _) = try checked(stored)
        latest = note
        return note
    }

    /// A stored checkpoint, checked: signed with this replica's log key (another key would give verifiers two
    /// keys for one log) and matching the tree read from the stored entries.
    private func checked(_ stored: (size: Int, note: String)) throws -> (SignedNote, Checkpoint) {
        let note = try SignedNote(parsing: stored.note)
        guard (try? NoteVerifier(keys: [signer.verifierKey]).verify(note)) != nil else {
            throw LedgerKeyMismatch(key: signer.verifierKey.keyLabel, size: stored.size)
        }
        let checkpoint = try Checkpoint(text: note.text)
        guard checkpoint.size <= tree.count, try tree.rootHash(size: checkpoint.size) == checkpoint.rootHash else {
            throw LedgerIntegrityError(seq: min(checkpoint.size, tree.count))
        }
        return (note, checkpoint)
    }

    /// The size of tree served: all of it on the active replica (it signs as it grows), on a standby what the
    /// newest checkpoint covers.
    private var servedSize: Int {
        guard following else { return tree.count }
        return latest.flatMap { try? Checkpoint(text: $0.text).size } ?? 0
    }

    /// Appends the stored entries beyond the tree, checking each leaf hash against its bytes.
    private func readNewEntries() async throws {
        while true {
            let entries = try await store.ledgerEntries(from: tree.count, limit: 1000)
            if entries.isEmpty { break }
            for entry in entries {
                let computed = RFC6962.leafHash(entry: entry.bytes)
                guard entry.seq == tree.count, computed.hex == entry.leafHash else {
                    throw LedgerIntegrityError(seq: entry.seq)
                }
                tree.append(leafHash: computed)
            }
        }
    }

    /// Reads new entries and signs a checkpoint if the tree grew (or none was signed yet). The first call
    /// also checks the tree against the last checkpoint signed before, so a restart never signs over a log
    /// that was altered while the server was down.
    @discardableResult
    public func publish() async throws -> SignedNote {
        let before = tree.count
        following = false
        try await readNewEntries()
        if !checkedAgainstStored {
            // Nothing is signed until the stored log checks out against this replica's key and entries.
            if let stored = try await store.latestCheckpoint() {
                let (note, checkpoint) = try checked(stored)
                if checkpoint.size == tree.count { latest = note }
            }
            checkedAgainstStored = true
        }
        if let latest, tree.count == before || (try? Checkpoint(text: latest.text).size) == tree.count { return latest }
        let checkpoint = try Checkpoint(origin: signer.name, size: tree.count, rootHash: tree.rootHash)
        // Cosignatures belong to the checkpoint they cosigned: a new checkpoint starts with none.
        let note = SignedNote(text: checkpoint.text, signatures: [try signer.sign(text: checkpoint.text)])
        try await store.recordCheckpoint(size: tree.count, note: note.serialized)
        latest = note
        return note
    }

    /// The incident's report, signed with the report key, with its entries proved against a checkpoint that
    /// includes them (signed now if the latest does not yet).
    public func bundle(for incident: Incident, reportSigner: NoteSigner) async throws -> IncidentBundle {
        let (note, items) = try await proofs(for: try await store.ledgerEntries(incident: incident.id))
        // A resolved incident's report is the one kept (and logged) when it resolved; an open incident's
        // is provisional, made now, and the bundle's verifier says so.
        let payload = try await store.incidentReport(id: incident.id) ?? IncidentReport.payload(incident)
        return IncidentBundle(
            incident: incident.id, report: try DSSEEnvelope.sign(payload: payload, signer: reportSigner),
            entries: items, checkpoint: note.serialized,
            keys: .init(log: signer.verifierKey.vkey, report: reportSigner.verifierKey.vkey))
    }

    /// Inclusion proofs of stored entries against one checkpoint that includes them all: the one served, or one
    /// signed now when it does not include the newest of them yet (a standby cannot sign: `NoCheckpointYet`).
    public func proofs(for entries: [StoredLedgerEntry]) async throws -> (checkpoint: SignedNote, entries: [IncidentBundle.Entry]) {
        var note = try await current()
        if let last = entries.map(\.seq).max(), last >= servedSize {
            guard !following else { throw NoCheckpointYet() }
            note = try await publish()
        }
        let size = servedSize
        let items = try entries.map { entry in
            IncidentBundle.Entry(
                seq: entry.seq, entry: String(decoding: entry.bytes, as: UTF8.self),
                proof: try tree.inclusionProof(index: entry.seq, size: size).hashes.map(\.base64))
        }
        return (note, items)
    }

    /// A consistency proof between two published sizes, nil when `to` is beyond the published tree.
    public func consistencyProof(from: Int, to: Int) throws -> ConsistencyProof? {
        guard from >= 1, from <= to, to <= servedSize else { return nil }
        return try tree.consistencyProof(from: from, to: to)
    }

    /// Hash tile bytes within the published tree, nil when the tree is not that big (yet).
    public func hashTile(level: Int, index: Int, width: Int) throws -> [UInt8]? {
        let size = (index * TilePath.width + width) << (8 * level)
        guard level < 8, index >= 0, size > 0, size <= servedSize else { return nil }
        return try tree.tile(level: level, index: index, size: size)
    }

    /// Entry bundle bytes within the published tree, read from the store as stored.
    public func entryBundle(index: Int, width: Int) async throws -> [UInt8]? {
        let start = index * TilePath.width
        guard index >= 0, start + width <= servedSize else { return nil }
        let entries = try await store.ledgerEntries(from: start, limit: width)
        guard entries.count == width else { return nil }
        return try EntryBundle.encode(entries.map(\.bytes))
    }

    /// What a witness that last cosigned `witnessSize` needs to cosign the latest checkpoint (C2SP
    /// tlog-witness add-checkpoint: the old size, a consistency proof, the log-signed note); nil when it is
    /// up to date or ahead of this log.
    public func witnessRequest(witnessSize: Int) throws -> AddCheckpointRequest? {
        // Witnesses cosign through the replica that signs: a standby's answer could race the active one's.
        guard !following, let latest, let checkpoint = try? Checkpoint(text: latest.text), witnessSize >= 0,
              witnessSize < checkpoint.size else { return nil }
        let logSigned = SignedNote(text: latest.text, signatures: latest.signatures.filter { $0.keyID == signer.verifierKey.keyID })
        return try AddCheckpointRequest(note: logSigned, tree: tree, witnessSize: witnessSize)
    }

    /// Adds a witness's answer (its cosignature lines) to the latest checkpoint, after checking them with the
    /// witness's key, and keeps the cosigned note; false when the checkpoint is no longer the latest.
    public func addCosignature(body: String, size: Int, witness: NoteVerifierKey) async throws -> Bool {
        guard !following, var note = latest, let checkpoint = try? Checkpoint(text: note.text), checkpoint.size == size else {
            return false
        }
        let lines = try WitnessResponse.cosignatures(body: body, checkpoint: checkpoint, witness: witness)
        note.signatures.removeAll { $0.keyID == witness.keyID && $0.name == witness.name }
        note.signatures += lines
        // Served at once (no suspension between reading `latest` and replacing it, so concurrent answers of
        // several witnesses all stay), then kept.
        latest = note
        try await store.recordCheckpoint(size: size, note: note.serialized)
        return true
    }

    public nonisolated func run() async throws {
        let logger = Logger(label: "trustmonitor.ledger")
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                try await publish()
            } catch {
                logger.error("checkpoint not signed", metadata: ["error": "\(error)"])
            }
            _ = try? await cancelWhenGracefulShutdown { try await Task.sleep(for: self.interval) }
        }
    }
}

/// A stored entry whose leaf hash does not match its bytes, or a gap in the sequence: the log has been
/// altered, and nothing is signed over it.
public struct LedgerIntegrityError: Error, CustomStringConvertible {
    public let seq: Int
    public var description: String { "ledger entry \(seq) does not match its stored leaf hash or position" }
}

/// The stored log was signed with another key than this server's: replicas must share `log.skey`.
public struct LedgerKeyMismatch: Error, CustomStringConvertible {
    public let key: String
    public let size: Int
    public var description: String {
        "the ledger's checkpoint \(size) is not signed by this server's log key \(key): every replica must use the "
            + "same log.skey and report.skey (copy them into each replica's data_dir)"
    }
}

/// A standby asked for a checkpoint before the active replica stored one covering what was asked: soon.
public struct NoCheckpointYet: Error, CustomStringConvertible {
    public var description: String { "no checkpoint covers this yet; the active replica signs one within seconds" }
}
