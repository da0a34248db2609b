import Foundation
import TrustMonitorLedger
import TrustMonitorStore

/// `/dashboard/ledger`: the latest signed checkpoint, and who signed it: the log itself, and the witnesses (probes
/// that checked the log only grew) whose cosignatures it carries.
struct LedgerPageModel {
    struct Signer {
        enum Kind: Equatable {
            /// The log's own signature (named as the checkpoint's origin).
            case log
            /// A witness cosignature: the probe whose registered witness key made it (nil: a key no probe
            /// registered), when it cosigned, and whether the signature verifies with that key.
            case witness(probe: String?, at: Date?, verified: Bool)
            case other
        }

        var keyLabel: String
        var kind: Kind
        /// The signature line as served.
        var line: String
    }

    struct Head {
        var origin: String
        var size: Int
        var rootHash: String
        var recordedAt: Date?
        var signers: [Signer]
    }

    var entries: Int
    /// Nil before the first checkpoint.
    var head: Head?
    /// Why the stored checkpoint could not be read, if it could not.
    var problem: String?

    var witnesses: Int { head?.signers.filter { if case .witness = $0.kind { true } else { false } }.count ?? 0 }

    static func load(store: any Store) async throws -> LedgerPageModel {
        let entries = try await store.ledgerSize()
        guard let latest = try await store.latestCheckpoint() else { return LedgerPageModel(entries: entries) }
        let note: SignedNote, checkpoint: Checkpoint
        do {
            note = try SignedNote(parsing: latest.note)
            checkpoint = try Checkpoint(text: note.text)
        } catch {
            return LedgerPageModel(entries: entries, problem: "the stored checkpoint of size \(latest.size) does not parse: \(error)")
        }
        let witnessKeys = try await store.probes().compactMap { probe in
            probe.witnessKey.flatMap { try? NoteVerifierKey(vkey: $0) }.map { (probe: probe.name, key: $0) }
        }
        let signers = note.signatures.map { signature in
            Signer(keyLabel: signature.keyLabel, kind: kind(signature, text: note.text, origin: checkpoint.origin,
                                                            witnesses: witnessKeys),
                   line: signature.line.trimmingCharacters(in: .newlines))
        }
        return LedgerPageModel(entries: entries, head: Head(
            origin: checkpoint.origin, size: checkpoint.size, rootHash: checkpoint.rootHash.base64,
            recordedAt: try await store.checkpointRecordedAt(size: latest.size), signers: signers))
    }

    init(entries: Int, head: Head? = nil, problem: String? = nil) {
        self.entries = entries
        self.head = head
        self.problem = problem
    }

    /// A cosignature/v1 line has a 72-byte body (timestamp and signature); the log's 64 bytes, under the origin.
    static func kind(_ signature: NoteSignature, text: String, origin: String,
                     witnesses: [(probe: String, key: NoteVerifierKey)]) -> Signer.Kind {
        if let witness = witnesses.first(where: { $0.key.keyLabel == signature.keyLabel }) {
            return .witness(probe: witness.probe, at: Cosignature.timestamp(of: signature).map { Date(timeIntervalSince1970: Double($0)) },
                            verified: witness.key.isValidSignature(signature, text: text))
        }
        if signature.name == origin && signature.body.count == 64 { return .log }
        if let timestamp = Cosignature.timestamp(of: signature) {
            return .witness(probe: nil, at: Date(timeIntervalSince1970: Double(timestamp)), verified: false)
        }
        return .other
    }
}
