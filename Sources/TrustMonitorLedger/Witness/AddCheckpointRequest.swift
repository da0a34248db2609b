/// The body of a C2SP tlog-witness `add-checkpoint` request: "the witness last cosigned size `oldSize`; here is
/// the proof that the tree it saw is a prefix of this signed checkpoint".
///
/// ```
/// old <size>\n
/// <base64 hash>\n        (zero or more consistency-proof lines)
/// \n
/// <signed checkpoint note>
/// ```
///
/// Parsing checks syntax only (one spelling per value: canonical decimal, canonical base64, our exact checkpoint
/// form), so every rejection of a well-formed request is the `Witness`'s decision with the spec's status code.
/// A value always re-serializes to the bytes it was parsed from.
public struct AddCheckpointRequest: Hashable, Sendable {
    /// The spec's limit: a client MUST NOT send more than 63 proof lines, and a witness need not read more.
    public static let maxProofLines = 63

    /// The size of the checkpoint the witness last cosigned for this origin, as the log believes it.
    public let oldSize: Int
    /// The RFC 6962 consistency path from `oldSize` to the checkpoint's size; empty when `oldSize` is 0.
    public let proof: [MerkleHash]
    /// The signed checkpoint; it may carry other witnesses' cosignatures, which a witness ignores.
    public let note: SignedNote
    /// `note.text`, parsed: kept so that a request value can only hold a checkpoint we can read.
    public let checkpoint: Checkpoint

    /// Fails when `oldSize` is negative, the proof has more than 63 hashes or the note's text is not a checkpoint.
    public init(oldSize: Int, proof: [MerkleHash], note: SignedNote) throws(Malformed) {
        guard oldSize >= 0 else { throw Malformed("old size \(oldSize) is negative") }
        guard proof.count <= Self.maxProofLines else {
            throw Malformed("\(proof.count) consistency proof lines; at most \(Self.maxProofLines) are allowed")
        }
        do {
            checkpoint = try Checkpoint(text: note.text)
        } catch {
            throw Malformed("the note is not a checkpoint: \(error.message)")
        }
        self.oldSize = oldSize
        self.proof = proof
        self.note = note
    }

    /// Parses a request body as received over HTTP; invalid UTF-8 is rejected, not repaired.
    public init(parsing body: [UInt8]) throws(Malformed) {
        guard let blank = Self.firstBlankLine(in: body) else {
            throw Malformed("no empty line separates the old size and proof from the checkpoint")
        }
        let head = body[..<blank].split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        let oldLine = String(decoding: head[0], as: UTF8.self)
        let oldPrefix = "old "
        guard oldLine.hasPrefix(oldPrefix),
              let oldSize = Checkpoint.parseSize(String(oldLine.dropFirst(oldPrefix.count))) else {
            throw Malformed("the first line must be \"old <size>\" in canonical decimal")
        }
        guard head.count - 1 <= Self.maxProofLines else {
            throw Malformed("\(head.count - 1) consistency proof lines; at most \(Self.maxProofLines) are allowed")
        }
        var proof: [MerkleHash] = []
        for (offset, line) in head.dropFirst().enumerated() {
            guard let hash = MerkleHash(base64: String(decoding: line, as: UTF8.self)) else {
                throw Malformed("proof line \(offset + 1) is not canonical base64 of a 32-byte hash")
            }
            proof.append(hash)
        }
        let note: SignedNote
        do {
            note = try SignedNote(parsing: Array(body[(blank + 2)...]))
        } catch {
            throw Malformed("the checkpoint note: \(error.message)")
        }
        try self.init(oldSize: oldSize, proof: proof, note: note)
    }

    /// Parses a request body held as text.
    public init(parsing body: String) throws(Malformed) {
        try self.init(parsing: Array(body.utf8))
    }

    /// The exact body to POST to `<submission prefix>/add-checkpoint`.
    public var body: String {
        "old \(oldSize)\n" + proof.map { $0.base64 + "\n" }.joined() + "\n" + note.serialized
    }

    /// The proof as the ledger's verifier takes it: from `oldSize` to the checkpoint's size.
    public var consistencyProof: ConsistencyProof {
        ConsistencyProof(oldSize: oldSize, newSize: checkpoint.size, hashes: proof)
    }

    /// The index of the first "\n\n": the old size and proof lines are never empty, so the first blank line is
    /// the request's own separator (the note's blank line, before its signatures, comes later).
    private static func firstBlankLine(in body: [UInt8]) -> Int? {
        let newline = UInt8(ascii: "\n")
        guard body.count >= 2 else { return nil }
        return (0..<(body.count - 1)).first { body[$0] == newline && body[$0 + 1] == newline }
    }
}

extension AddCheckpointRequest {
    /// Why a body is not an add-checkpoint request; the witness answers it with 400 Bad Request.
    public struct Malformed: Error, Hashable, Sendable, CustomStringConvertible {
        public let message: String

        init(_ message: String) { self.message = message }

        public var description: String { "malformed add-checkpoint request: \(message)" }
    }
}
