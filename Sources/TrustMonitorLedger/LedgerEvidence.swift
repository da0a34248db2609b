import Foundation

/// What every offline bundle check starts with: a checkpoint signed by the log's key, and entries proved to be
/// in it. Failures name the check, as `IncidentBundleVerifier.Failure` does.
enum LedgerEvidence {
    typealias Failure = IncidentBundleVerifier.Failure

    static func checkpoint(_ note: String, logKey: String) throws(Failure) -> (Checkpoint, NoteVerifierKey) {
        let key: NoteVerifierKey
        do { key = try NoteVerifierKey(vkey: logKey) } catch { throw Failure(check: "keys", reason: "log key: \(error)") }
        do {
            let verified = try CheckpointVerifier(logKey: key, witnesses: [], quorum: 0).verify(note: note)
            return (verified.checkpoint, key)
        } catch {
            throw Failure(check: "checkpoint", reason: "does not verify with the log key \(key.keyLabel): \(error)")
        }
    }

    /// The entry's fields, once its bytes are proved to be leaf `seq` of the checkpoint's tree.
    static func included(_ item: IncidentBundle.Entry, in checkpoint: Checkpoint) throws(Failure) -> [String: Any] {
        guard let fields = (try? JSONSerialization.jsonObject(with: Data(item.entry.utf8))) as? [String: Any],
              fields["seq"] as? Int == item.seq
        else { throw Failure(check: "entry \(item.seq)", reason: "is not a ledger entry at seq \(item.seq)") }
        try proveIncluded(item, in: checkpoint)
        return fields
    }

    /// Proves the entry's exact bytes are leaf `seq` of the checkpoint's tree (RFC 9162 inclusion proof).
    static func proveIncluded(_ item: IncidentBundle.Entry, in checkpoint: Checkpoint) throws(Failure) {
        let bytes = Array(item.entry.utf8)
        let hashes = item.proof.compactMap(MerkleHash.init(base64:))
        guard hashes.count == item.proof.count else { throw Failure(check: "entry \(item.seq)", reason: "malformed proof hash") }
        do {
            try InclusionProof(index: item.seq, treeSize: checkpoint.size, hashes: hashes)
                .verify(leafHash: RFC6962.leafHash(entry: bytes), root: checkpoint.rootHash)
        } catch {
            throw Failure(check: "entry \(item.seq)",
                          reason: "not included in the checkpoint (modified, or not in this log): \(error)")
        }
    }
}
