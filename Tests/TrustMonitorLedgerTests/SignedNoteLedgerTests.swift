import Foundation
import Testing
import TrustMonitorLedger

/// The reference vectors are from Go's golang.org/x/mod/sumdb/note `note_test.go` (TestNewVerifier, TestSign,
/// TestOpen), the implementation C2SP signed-note was written from.
@Suite("Ledger signed notes")
struct SignedNoteLedgerTests {
    static let peterVkey = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
    static let peterSkey = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"
    static let enochVkey = "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop"
    static let text = "If you think cryptography is the answer to your problem,\n"
        + "then you don't know what your problem is.\n"
    static let peterBase64 = "x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM="
    static let peterSig = "— PeterNeumann \(peterBase64)\n"
    static let enochSig = "— EnochRoot "
        + "rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n"

    @Test("the reference vkey parses, with its key ID recomputed")
    func referenceKey() throws {
        let key = try NoteVerifierKey(vkey: Self.peterVkey)
        #expect(key.name == "PeterNeumann")
        #expect(key.keyID == 0xc74f_20a3)
        #expect(key.type == .ed25519)
        #expect(key.vkey == Self.peterVkey)
        let signer = try NoteSigner(skey: Self.peterSkey)
        #expect(signer.verifierKey == key)
        #expect(signer.skey == Self.peterSkey)
    }

    @Test("the reference note verifies with the reference key")
    func referenceNote() throws {
        let note = try SignedNote(parsing: Self.text + "\n" + Self.peterSig)
        #expect(note.text == Self.text)
        #expect(note.serialized == Self.text + "\n" + Self.peterSig)
        let verified = try NoteVerifier(keys: [NoteVerifierKey(vkey: Self.peterVkey)]).verify(note)
        #expect(verified.map(\.name) == ["PeterNeumann"])
    }

    @Test("unknown keys are ignored; both known keys verify; none known fails")
    func unknownIgnored() throws {
        let note = try SignedNote(parsing: Self.text + "\n" + Self.peterSig + Self.enochSig)
        let peter = try NoteVerifierKey(vkey: Self.peterVkey)
        let enoch = try NoteVerifierKey(vkey: Self.enochVkey)
        #expect(try NoteVerifier(keys: [peter]).verify(note) == [peter])
        #expect(try NoteVerifier(keys: [peter, enoch], threshold: 2).verify(note) == [peter, enoch])
        let other = try NoteSigner.generate(name: "other.example/log", type: .ed25519).verifierKey
        #expect(throws: LedgerError(.insufficientSignatures, "0 of the required 1 known signatures verified")) {
            try NoteVerifier(keys: [other]).verify(note)
        }
        #expect(throws: LedgerError.self) { try NoteVerifier(keys: [enoch, peter, enoch]) } // ambiguous
    }

    @Test("a known key's failing signature rejects the note")
    func tampering() throws {
        let peter = try NoteVerifierKey(vkey: Self.peterVkey)
        let verifier = try NoteVerifier(keys: [peter])
        let tamperedText = Self.text.replacingOccurrences(of: "cryptography", with: "cryptographY")
        let changedText = try SignedNote(parsing: tamperedText + "\n" + Self.peterSig)
        #expect(throws: LedgerError(.invalidSignature, "invalid signature for key PeterNeumann+c74f20a3")) {
            try verifier.verify(changedText)
        }
        let sig = Self.peterSig
        let mangled = String(sig.prefix(60)) + "ABCD" + String(sig.dropFirst(60))
        let changedSig = try SignedNote(parsing: Self.text + "\n" + mangled)
        #expect(throws: LedgerError.self) { try verifier.verify(changedSig) }
        // A valid signature does not save a note that also carries a failing one by the same key.
        let both = try SignedNote(parsing: Self.text + "\n" + Self.peterSig + mangled)
        #expect(throws: LedgerError.self) { try verifier.verify(both) }
    }

    /// Go's `badMsgs` table plus our own.
    @Test("malformed notes", arguments: [
        text,
        text + "\n",
        text + "\n" + String(peterSig.dropLast()),
        "\u{01}" + text + "\n" + peterSig,
        text + "\n" + "— Bad Name \(peterBase64)",
        text + "\n" + peterSig + "Unexpected line.\n",
        text + "\n" + "- PeterNeumann \(peterBase64)\n",
        text + "\n" + "— PeterNeumann  \(peterBase64)\n",
        text + "\n" + "— PeterNeumann \(peterBase64.dropLast())\n",
        text + "\n" + "— Peter+Neumann \(peterBase64)\n",
        text + "\n" + "— PeterNeumann AAAA\n",
        text + "\n" + String(repeating: peterSig, count: 101),
    ])
    func malformed(note: String) {
        #expect(throws: LedgerError.self) { try SignedNote(parsing: note) }
    }

    @Test("invalid UTF-8 is rejected")
    func invalidUTF8() {
        let bytes = [0xFF] + Array((Self.text + "\n" + Self.peterSig).utf8)
        #expect(throws: LedgerError.self) { try SignedNote(parsing: bytes) }
    }

    @Test("mangled vkeys are rejected", arguments: [
        "PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", // wrong key ID
        "PeterNeumanN+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", // wrong name for the ID
        "PeterNeumann+C74F20A3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", // uppercase ID
        "PeterNeumann+c74f20a+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
        "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10T",
        "PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY==", // Go: wrong length
        "PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", // Go: unknown algorithm
        "PeterNeumann+c74f20a3",
        "+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
        "",
    ])
    func badVkey(vkey: String) {
        #expect(throws: LedgerError.self) { try NoteVerifierKey(vkey: vkey) }
    }

    @Test("every one-character change of the reference vkey is rejected")
    func vkeyManglings() {
        let chars = Array(Self.peterVkey.unicodeScalars)
        for index in chars.indices {
            var changed = chars
            changed[index] = Unicode.Scalar(chars[index].value + 1) ?? "?"
            let text = String(String.UnicodeScalarView(changed))
            #expect(throws: LedgerError.self, "\(text)") { try NoteVerifierKey(vkey: text) }
        }
    }

    @Test("sign, serialize, parse, verify round trip; key files round trip")
    func roundTrip() throws {
        let signer = try NoteSigner.generate(name: "monitor.example.com/trustmonitor/ledger", type: .ed25519)
        let reloaded = try NoteSigner(skey: signer.skey)
        #expect(reloaded.verifierKey == signer.verifierKey)
        let key = try NoteVerifierKey(vkey: signer.verifierKey.vkey)
        let checkpoint = try Checkpoint(origin: signer.name, size: 3, rootHash: RFC6962.emptyRoot)
        let note = SignedNote(text: checkpoint.text, signatures: [try reloaded.sign(text: checkpoint.text)])
        let parsed = try SignedNote(parsing: note.serialized)
        #expect(parsed == note)
        #expect(try NoteVerifier(keys: [key]).verify(parsed) == [key])
        #expect(try Checkpoint(text: parsed.text) == checkpoint)
        #expect(throws: LedgerError.self) { try signer.cosign(text: checkpoint.text, timestamp: 1) }
    }
}
