/// Reads the top-level `"seq"` of a ledger entry without parsing the whole JSON: an audit of a million
/// entries checks every entry's claimed position, and a full JSON parse per entry was most of its time.
///
/// It tracks strings (with escapes) and nesting, so a `"seq"` inside a nested object or inside a string
/// value is never mistaken for the entry's own. What it cannot read as one balanced JSON object is
/// reported as such; the audit's real integrity check is the hash, which covers every byte.
public enum EntrySeqScanner {
    public enum Result: Equatable, Sendable {
        case seq(Int)
        case noSeq
        case notAnObject
    }

    public static func scan(_ bytes: [UInt8]) -> Result {
        let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\")
        let key = Array("\"seq\"".utf8)
        var depth = 0
        var index = 0
        var found: Int?
        var sawObject = false
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case quote:
                let start = index
                index += 1
                while index < bytes.count, bytes[index] != quote {
                    index += bytes[index] == backslash ? 2 : 1
                }
                guard index < bytes.count else { return .notAnObject }
                if depth == 1, found == nil, bytes[start...index].elementsEqual(key) {
                    found = number(after: index + 1, in: bytes)
                }
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                if depth == 0 && (byte != UInt8(ascii: "{") || sawObject) { return .notAnObject }
                sawObject = true
                depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                if depth < 0 { return .notAnObject }
            case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"):
                break
            default:
                if depth == 0 { return .notAnObject }
            }
            index += 1
        }
        guard sawObject, depth == 0 else { return .notAnObject }
        return found.map(Result.seq) ?? .noSeq
    }

    /// The non-negative integer after `: ` at `index`, or nil if the value is anything else.
    private static func number(after index: Int, in bytes: [UInt8]) -> Int? {
        var position = index
        func skipSpace() { while position < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[position]) { position += 1 } }
        skipSpace()
        guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else { return nil }
        position += 1
        skipSpace()
        var value = 0
        var digits = 0
        while position < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[position]), digits < 18 {
            value = value * 10 + Int(bytes[position] - UInt8(ascii: "0"))
            digits += 1
            position += 1
        }
        guard digits > 0, position < bytes.count,
              [UInt8(ascii: ","), UInt8(ascii: "}"), 0x20, 0x0A, 0x0D, 0x09].contains(bytes[position]) else { return nil }
        return value
    }
}
