/// The log's reading of a witness's answer to add-checkpoint.
///
/// A 200 body is one or more cosignature lines; a 409 body is the size the witness last cosigned. The log
/// verifies the lines before it adds them to the checkpoint it serves, because a cosignature that does not
/// verify would make every client that trusts that witness reject the whole checkpoint.
public enum WitnessResponse {
    /// The lines of a 200 `body` made by `witness` over `checkpoint`, verified. Lines by other keys are ignored
    /// (the spec: a witness may answer with several keys); throws when the body is not signature lines, when a
    /// line of `witness` fails, or when it has none.
    ///
    /// As the spec suggests, the body is appended to the checkpoint text and read as a signed note.
    public static func cosignatures(body: String, checkpoint: Checkpoint, witness: NoteVerifierKey)
        throws(LedgerError) -> [NoteSignature]
    {
        guard witness.type == .cosignatureV1 else {
            throw LedgerError(.invalidArgument, "\(witness.keyLabel) is not a witness (0x04) key")
        }
        let note = try SignedNote(parsing: checkpoint.text + "\n" + body)
        guard note.text == checkpoint.text else {
            throw LedgerError(.malformedNote, "the response body holds more than signature lines")
        }
        try NoteVerifier(keys: [witness]).verify(note)
        return note.signatures.filter { $0.name == witness.name && $0.keyID == witness.keyID }
    }

    /// The size in a 409 body (`text/x.tlog.size`): canonical decimal and a newline; nil for anything else.
    public static func knownSize(conflictBody body: String) -> Int? {
        guard body.hasSuffix("\n") else { return nil }
        return Checkpoint.parseSize(String(body.dropLast()))
    }
}
