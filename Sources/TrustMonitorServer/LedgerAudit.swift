public import TrustMonitorLedger
public import TrustMonitorStore

/// Audits a whole stored log: recomputes the tree from the stored entry bytes and checks every stored
/// checkpoint against it, naming each entry that was deleted, moved or modified, and each checkpoint that
/// was forged or no longer matches.
public enum LedgerAudit {
    public struct Report: Sendable {
        public var passed: [String] = []
        public var problems: [String] = []
        public var isClean: Bool { problems.isEmpty }
    }

    public static func audit(store: any Store, logKey: NoteVerifierKey) async throws -> Report {
        try await audit(entries: { from, limit in try await store.ledgerEntries(from: from, limit: limit) },
                        checkpoints: try await store.checkpoints(), logKey: logKey)
    }

    /// The audit over any source of entries (a store, a server's tiles) and the checkpoints to hold them to.
    /// - Parameter entries: entries from a seq, in order, at most a limit; empty at the end of the log.
    public static func audit(entries: (_ from: Int, _ limit: Int) async throws -> [StoredLedgerEntry],
                             checkpoints: [(size: Int, note: String)], logKey: NoteVerifierKey) async throws -> Report {
        var report = Report()
        var tree = MerkleTree()
        var expected = 0
        while true {
            let batch = try await entries(expected, 1000)
            if batch.isEmpty { break }
            for entry in batch {
                if entry.seq != expected {
                    report.problems.append("entries \(expected)..<\(entry.seq) are missing (deleted)")
                }
                let computed = RFC6962.leafHash(entry: entry.bytes)
                if computed.hex != entry.leafHash {
                    report.problems.append("entry \(entry.seq) was modified: its bytes no longer match its leaf hash")
                }
                switch EntrySeqScanner.scan(entry.bytes) {
                case .seq(let claimed) where claimed != entry.seq:
                    report.problems.append("entry \(entry.seq) says it is entry \(claimed): moved, inserted or reordered")
                case .seq: break
                case .noSeq: report.problems.append("entry \(entry.seq) has no seq of its own")
                case .notAnObject: report.problems.append("entry \(entry.seq) is not a JSON object")
                }
                tree.append(leafHash: computed)
                expected = entry.seq + 1
            }
        }
        report.passed.append("\(tree.count) entries read, root \(tree.rootHash.base64)")

        var lastGood = 0
        for stored in checkpoints {
            let note: SignedNote
            let checkpoint: Checkpoint
            do {
                note = try SignedNote(parsing: stored.note)
                _ = try NoteVerifier(keys: [logKey]).verify(note)
                checkpoint = try Checkpoint(text: note.text)
            } catch {
                report.problems.append("checkpoint \(stored.size) is not signed by \(logKey.keyLabel): \(error)")
                continue
            }
            guard checkpoint.size == stored.size else {
                report.problems.append("checkpoint stored as size \(stored.size) says size \(checkpoint.size)")
                continue
            }
            guard checkpoint.size <= tree.count else {
                report.problems.append("checkpoint \(checkpoint.size) covers entries that are gone (the log has \(tree.count))")
                continue
            }
            if try tree.rootHash(size: checkpoint.size) == checkpoint.rootHash {
                report.passed.append("checkpoint \(checkpoint.size): signed, and the entries still hash to its root")
                lastGood = checkpoint.size
            } else {
                report.problems.append("checkpoint \(checkpoint.size): an entry in \(lastGood)..<\(checkpoint.size) "
                    + "changed after it was signed")
            }
        }
        return report
    }
}
