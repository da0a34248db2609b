import ArgumentParser
import Foundation
import TrustMonitorLedger
import TrustMonitorServer
import TrustMonitorStore

/// `trustmonitor verify ledger`: audits a whole log, from a data dir (every stored checkpoint) or from a
/// running server's tiles (its current checkpoint), plus any checkpoints the auditor kept from before.
struct VerifyLedgerCommand: OutputtingCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger",
        abstract: "Audit a ledger: every entry against every signed checkpoint.",
        discussion: """
            Reads a data dir (--data) or a running server (--url, through the C2SP tlog-tiles routes). \
            --checkpoint adds checkpoints you kept earlier (signed-note files, e.g. saved from /ledger/checkpoint): \
            the log must still hash to each, which proves it only grew. \
            Exit status: 0 when everything holds, 1 when anything was modified, deleted, inserted or reordered \
            (each named), 2 for unusable input.
            """
    )

    @Option(help: "The server's data dir (holds trustmonitor.db and log.skey).")
    var data = "./data"

    @Option(help: "A running server's base URL, e.g. http://127.0.0.1:8080 (then --log-key is required).")
    var url: String?

    @Option(help: "The log's vkey; default with --data: the public half of the data dir's log key.")
    var logKey: String?

    @Option(help: "The SQLite file, when not <data>/trustmonitor.db.")
    var database: String?

    @Option(name: .customLong("checkpoint"), help: "A signed checkpoint you kept (file); repeatable.")
    var keptCheckpoints: [String] = []

    @OptionGroup var witnesses: WitnessPolicyOptions

    func execute(output: any CommandOutput) async -> ExitStatus {
        let kept: [(size: Int, note: String)]
        let key: NoteVerifierKey
        do {
            kept = try keptCheckpoints.map(Self.readCheckpoint)
            for witness in witnesses.witness where try NoteVerifierKey(vkey: witness).type != .cosignatureV1 {
                throw ValidationError("--witness \(witness) is not a cosignature/v1 (0x04) key")
            }
            if let logKey {
                key = try NoteVerifierKey(vkey: logKey)
            } else if url != nil {
                output.err("error: --url needs --log-key: the key must come from a source you trust, not the server audited")
                return .usage
            } else {
                key = try LedgerKeys.load(dataDir: data).log.verifierKey
            }
        } catch {
            output.err("error: \(error)")
            return .usage
        }
        if let url { return await auditServer(url, key: key, kept: kept, output: output) }
        return await auditDataDir(key: key, kept: kept, output: output)
    }

    private func auditDataDir(key: NoteVerifierKey, kept: [(size: Int, note: String)],
                              output: any CommandOutput) async -> ExitStatus {
        let path = database ?? data + "/trustmonitor.db"
        guard FileManager.default.fileExists(atPath: path) else {
            output.err("error: no database at \(path)")
            return .usage
        }
        do {
            let store = try await SQLiteStore.open(path: path)
            let report: LedgerAudit.Report
            do {
                report = try await LedgerAudit.audit(
                    entries: { from, limit in try await store.ledgerEntries(from: from, limit: limit) },
                    checkpoints: Self.ordered(try await store.checkpoints() + kept), logKey: key)
                    .requiring(witnesses, newest: try await store.checkpoints().last?.note, logKey: key)
                try await store.close()
            } catch {
                try? await store.close()
                throw error
            }
            return Self.print(report, subject: path, output: output)
        } catch {
            output.err("error: \(error)")
            return .usage
        }
    }

    private func auditServer(_ text: String, key: NoteVerifierKey, kept: [(size: Int, note: String)],
                             output: any CommandOutput) async -> ExitStatus {
        guard let base = URL(string: text), ["http", "https"].contains(base.scheme ?? ""), base.host != nil else {
            output.err("error: --url must be an http:// or https:// URL, got '\(text)'")
            return .usage
        }
        let source: LedgerTileSource
        do {
            source = try await LedgerTileSource.connect(base)
        } catch {
            output.err("error: \(error)")
            return .usage
        }
        do {
            let report = try await LedgerAudit.audit(
                entries: { from, limit in try await source.entries(from: from, limit: limit) },
                checkpoints: Self.ordered([(source.size, source.note)] + kept), logKey: key)
                .requiring(witnesses, newest: source.note, logKey: key)
            return Self.print(report, subject: text, output: output)
        } catch {
            // The server stopped serving what its own checkpoint covers: that is a finding, not bad input.
            output.out("FAIL  \(error)")
            return .down
        }
    }

    /// Smallest first, as the audit reports ranges between consecutive good checkpoints.
    static func ordered(_ checkpoints: [(size: Int, note: String)]) -> [(size: Int, note: String)] {
        checkpoints.sorted { $0.size < $1.size }
    }

    /// A kept checkpoint file; its size is taken from its text (the audit checks the signature).
    static func readCheckpoint(_ path: String) throws -> (size: Int, note: String) {
        let note: String
        do {
            note = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ValidationError("cannot read checkpoint file \(path): \(error.localizedDescription)")
        }
        do {
            return (try Checkpoint(text: try SignedNote(parsing: note).text).size, note)
        } catch {
            throw ValidationError("\(path) is not a signed checkpoint: \(error)")
        }
    }

    static func print(_ report: LedgerAudit.Report, subject: String, output: any CommandOutput) -> ExitStatus {
        for line in report.passed { output.out("ok    \(line)") }
        for line in report.problems { output.out("FAIL  \(line)") }
        output.out(report.isClean ? "VERIFIED  ledger in \(subject)" : "\(report.problems.count) problem(s) in \(subject)")
        return report.isClean ? .up : .down
    }
}

extension LedgerAudit.Report {
    /// With `--witness`, the newest checkpoint must also carry the required witnesses' cosignatures.
    func requiring(_ policy: WitnessPolicyOptions, newest note: String?, logKey: NoteVerifierKey) throws -> LedgerAudit.Report {
        guard !policy.witness.isEmpty else { return self }
        var report = self
        let verifier = try CheckpointVerifier(logKey: logKey, witnesses: try policy.witness.map { try NoteVerifierKey(vkey: $0) },
                                              quorum: policy.quorum)
        guard let note else {
            report.problems.append("no checkpoint to hold to the witness policy")
            return report
        }
        do {
            let verified = try verifier.verify(note: note)
            report.passed.append("checkpoint \(verified.checkpoint.size): cosigned by \(verified.cosigners.count) of "
                                 + "\(policy.witness.count) trusted witnesses (\(policy.quorum) required)")
        } catch {
            report.problems.append("the newest checkpoint does not meet the witness policy: \(error)")
        }
        return report
    }
}
