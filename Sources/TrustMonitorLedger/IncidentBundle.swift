public import Foundation

/// A self-contained, offline-verifiable incident report: the DSSE-signed report, the incident's ledger
/// entries as stored, an inclusion proof for each against one signed checkpoint, and the public keys.
public struct IncidentBundle: BundleFile, Sendable, Equatable {
    public static let format = "trustmonitor.incident-bundle/v1"

    public struct Entry: Codable, Sendable, Equatable {
        public var seq: Int
        /// The entry's exact bytes (UTF-8 JSON), as hashed into the log.
        public var entry: String
        /// Inclusion proof hashes (base64), from leaf `seq` to the checkpoint's root.
        public var proof: [String]

        public init(seq: Int, entry: String, proof: [String]) {
            self.seq = seq
            self.entry = entry
            self.proof = proof
        }
    }

    public struct Keys: Codable, Sendable, Equatable {
        public var log: String
        public var report: String

        public init(log: String, report: String) {
            self.log = log
            self.report = report
        }
    }

    public var format: String
    public var incident: String
    public var report: DSSEEnvelope
    public var entries: [Entry]
    /// The signed checkpoint (signed-note text) the proofs lead to.
    public var checkpoint: String
    public var keys: Keys

    public init(incident: String, report: DSSEEnvelope, entries: [Entry], checkpoint: String, keys: Keys) {
        self.format = Self.format
        self.incident = incident
        self.report = report
        self.entries = entries
        self.checkpoint = checkpoint
        self.keys = keys
    }
}

/// Checks a bundle offline against keys the verifier trusts, and says exactly what failed.
public enum IncidentBundleVerifier {
    public struct Failure: Error, CustomStringConvertible, Equatable {
        public let check: String
        public let reason: String
        public var description: String { "\(check): \(reason)" }
    }

    /// What held, one line per check, in order. Throws at the first check that fails.
    /// - Parameters:
    ///   - logKey: the log's vkey, from a source the verifier trusts (not the bundle).
    ///   - reportKey: the report key's vkey; when nil, the bundle's own is used and the result says so.
    ///   - witnesses: witness vkeys the verifier trusts, of which `witnessQuorum` must have cosigned the
    ///     checkpoint (C2SP tlog-cosignature): a log that showed this incident to nobody else fails here.
    public static func verify(_ bundle: IncidentBundle, logKey: String, reportKey: String?, witnesses: [String] = [],
                              witnessQuorum: Int = 0) throws(Failure) -> [String] {
        func fail(_ check: String, _ reason: String) -> Failure { Failure(check: check, reason: reason) }
        var passed: [String] = []
        guard bundle.format == IncidentBundle.format else { throw fail("format", "unknown bundle format '\(bundle.format)'") }

        let log: NoteVerifierKey
        let policy: CheckpointVerifier
        do {
            log = try NoteVerifierKey(vkey: logKey)
            policy = try CheckpointVerifier(logKey: log, witnesses: try witnesses.map { try NoteVerifierKey(vkey: $0) },
                                            quorum: witnessQuorum)
        } catch { throw fail("keys", "\(error)") }
        let checkpoint: Checkpoint
        do {
            let verified = try policy.verify(note: bundle.checkpoint)
            checkpoint = verified.checkpoint
            if !witnesses.isEmpty {
                let names = verified.cosigners.map(\.key.keyLabel).joined(separator: ", ")
                passed.append("checkpoint: cosigned by \(verified.cosigners.count) of \(witnesses.count) trusted witnesses "
                              + "(\(witnessQuorum) required)\(names.isEmpty ? "" : ": " + names)")
            }
        } catch {
            throw fail("checkpoint", "does not verify with the log key \(log.keyLabel)"
                       + (witnessQuorum > 0 ? " and \(witnessQuorum) of the given witnesses" : "") + ": \(error)")
        }
        passed.insert("checkpoint: signed by \(log.keyLabel), size \(checkpoint.size)", at: 0)

        let reportText = reportKey ?? bundle.keys.report
        let report: NoteVerifierKey
        do { report = try NoteVerifierKey(vkey: reportText) } catch { throw fail("report key", "\(error)") }
        let payload: [UInt8]
        do { payload = try bundle.report.verify(keys: [report]) } catch {
            throw fail("report", "DSSE signature does not verify with \(report.keyLabel): \(error)")
        }
        let reported = (try? JSONSerialization.jsonObject(with: Data(payload))) as? [String: Any]
        guard reported?["id"] as? String == bundle.incident else {
            throw fail("report", "the signed report is not about incident \(bundle.incident)")
        }
        passed.append("report: DSSE-signed by \(report.keyLabel)\(reportKey == nil ? " (key taken from the bundle)" : "")")

        guard !bundle.entries.isEmpty else { throw fail("entries", "the bundle holds no ledger entries") }
        var reportEntries: [(seq: Int, digest: String?)] = []
        var entryFields: [[String: Any]] = []
        for item in bundle.entries {
            let fields = (try? JSONSerialization.jsonObject(with: Data(item.entry.utf8))) as? [String: Any]
            guard fields?["seq"] as? Int == item.seq, fields?["incident"] as? String == bundle.incident else {
                throw fail("entry \(item.seq)", "does not name incident \(bundle.incident) at seq \(item.seq)")
            }
            try LedgerEvidence.proveIncluded(item, in: checkpoint)
            passed.append("entry \(item.seq): \(fields?["type"] as? String ?? "?") included in checkpoint \(checkpoint.size)")
            if let fields { entryFields.append(fields) }
            if fields?["type"] as? String == "incident.report" { reportEntries.append((item.seq, fields?["report_sha256"] as? String)) }
        }
        passed.append(try reportLogged(payload: payload, state: reported?["state"] as? String, entries: reportEntries))
        passed += try attestations(report: payload, entries: entryFields)
        return passed
    }
}

extension IncidentBundleVerifier {
    /// A resolved incident's report must be the one whose digest the log holds; an open incident's report is
    /// provisional (its digest is logged when it resolves), and the result says so.
    static func reportLogged(payload: [UInt8], state: String?, entries: [(seq: Int, digest: String?)]) throws(Failure) -> String {
        let digest = IncidentReport.digest(payload)
        if let logged = entries.last {
            guard logged.digest == digest else {
                throw Failure(check: "report", reason: "its SHA-256 \(digest) is not the one logged at entry \(logged.seq) "
                              + "(\(logged.digest ?? "none")): the report was altered after the incident resolved")
            }
            return "report: its SHA-256 is the one logged at entry \(logged.seq) when the incident resolved"
        }
        guard state == "open" else {
            throw Failure(check: "report", reason: "the incident is \(state ?? "of unknown state") but no incident.report entry "
                          + "in the bundle logs its report")
        }
        return "report: provisional (the incident is still open; its final report is logged when it resolves)"
    }
}
