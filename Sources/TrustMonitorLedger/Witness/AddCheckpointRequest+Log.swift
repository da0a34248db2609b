/// The log's side of tlog-witness: what to POST to a witness for a checkpoint the log just signed.
extension AddCheckpointRequest {
    /// The request proving `note`'s checkpoint extends the tree of `witnessSize` leaves, the size the witness
    /// last cosigned (0 for a new witness; after a 409, the size in its body).
    ///
    /// Fails unless `note` is a checkpoint of this very tree (same size within `tree`, same root) and
    /// `witnessSize` is within 0...its size: a log only asks for cosignatures on its own tree, and a witness
    /// ahead of the checkpoint needs a newer checkpoint, not a proof.
    public init(note: SignedNote, tree: MerkleTree, witnessSize: Int) throws(LedgerError) {
        let checkpoint = try Checkpoint(text: note.text)
        guard checkpoint.size <= tree.count, try tree.rootHash(size: checkpoint.size) == checkpoint.rootHash else {
            throw LedgerError(.invalidArgument, "the note is not a checkpoint of this tree at size \(checkpoint.size)")
        }
        guard witnessSize >= 0, witnessSize <= checkpoint.size else {
            throw LedgerError(.invalidArgument,
                              "the witness has size \(witnessSize); the checkpoint has \(checkpoint.size)")
        }
        let proof = try tree.consistencyProof(from: witnessSize, to: checkpoint.size)
        do {
            try self.init(oldSize: witnessSize, proof: proof.hashes, note: note)
        } catch {
            throw LedgerError(.invalidArgument, error.message)
        }
    }
}
