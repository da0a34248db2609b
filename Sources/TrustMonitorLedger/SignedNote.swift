import Foundation

/// A C2SP signed note: text, a blank line, then signature lines. The checkpoint's envelope.
///
/// Parsing checks only syntax; which signatures count is `NoteVerifier`'s decision, because the same note is
/// read by clients that trust different keys (the log's key, some witnesses).
public struct SignedNote: Hashable, Sendable {
    /// Verifiers must accept at least 16 signatures; more than this is treated as a malformed (hostile) note,
    /// as Go's reference implementation does.
    public static let maxSignatures = 100

    /// The signed text, ending in a newline.
    public var text: String
    public var signatures: [NoteSignature]

    public init(text: String, signatures: [NoteSignature]) {
        self.text = text
        self.signatures = signatures
    }

    /// The exact bytes to serve: text, blank line, signature lines.
    public var serialized: String { text + "\n" + signatures.map(\.line).joined() }

    /// Parses a note, splitting text from signatures at the last blank line.
    public init(parsing note: String) throws(LedgerError) {
        guard !note.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\n" || $0.value == 0x7F }) else {
            throw LedgerError(.malformedNote, "note contains control characters")
        }
        guard let blank = note.range(of: "\n\n", options: .backwards) else {
            throw LedgerError(.malformedNote, "note has no blank line before its signatures")
        }
        let text = String(note[..<blank.lowerBound]) + "\n"
        let block = note[blank.upperBound...]
        guard block.hasSuffix("\n") else {
            throw LedgerError(.malformedNote, "note has no signature lines or does not end in a newline")
        }
        let lines = block.dropLast().split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count <= Self.maxSignatures else {
            throw LedgerError(.malformedNote, "note has more than \(Self.maxSignatures) signatures")
        }
        var signatures: [NoteSignature] = []
        for line in lines { signatures.append(try NoteSignature(parsingLine: line)) }
        self.init(text: text, signatures: signatures)
    }

    /// Parses raw bytes, rejecting invalid UTF-8 instead of repairing it.
    public init(parsing bytes: [UInt8]) throws(LedgerError) {
        guard let note = String(validating: bytes, as: UTF8.self) else {
            throw LedgerError(.malformedNote, "note is not valid UTF-8")
        }
        try self.init(parsing: note)
    }
}
