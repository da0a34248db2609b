/// The text a `[BODY]` path resolves to, as Gatus produces it, so comparisons and `len()` agree with Gatus.
///
/// Gatus prints what it finds with Go's `%v`: a string as is, a number as a `float64`, an array as
/// `[a b c]` (objects inside it as `map[k:v]`, null as `<nil>`), and an object at the end of a path is
/// re-marshalled to minified JSON with sorted keys. `[BODY].data == pat(*Whatever*)` therefore matches
/// `{"data": ["hello", "Whatever"]}`, and `len([BODY][0])` of `[{"age":18,"adult":true}]` is 23.
extension JSONValue {
    /// The value as Gatus resolves it; nil for `null`, which Gatus treats as a missing value.
    var goText: String? {
        switch self {
        case .null: nil
        case .object: jsonText
        default: goDefaultText
        }
    }

    /// What `len()` counts: the elements of an array, the UTF-8 bytes of anything else (Go's `len` of a string
    /// counts bytes, so `len([BODY].name)` of `"josé"` is 5, as in Gatus).
    var goLength: Int? {
        switch self {
        case .null: nil
        case .array(let elements): elements.count
        default: goText?.utf8.count
        }
    }

    /// Go's `fmt.Sprintf("%v", value)` of the decoded value.
    var goDefaultText: String {
        switch self {
        case .null: return "<nil>"
        case .bool(let value): return value ? "true" : "false"
        case .number(let text): return Self.numberText(text, json: false)
        case .string(let value): return value
        case .array(let elements): return "[" + elements.map(\.goDefaultText).joined(separator: " ") + "]"
        case .object(let members):
            let pairs = Self.sortedKeys(members).map { key in "\(key):\(members[key]?.goDefaultText ?? "")" }
            return "map[" + pairs.joined(separator: " ") + "]"
        }
    }

    /// Go's `json.Marshal` of the decoded value: minified, keys sorted, HTML characters escaped.
    var jsonText: String {
        switch self {
        case .null: return "null"
        case .bool(let value): return value ? "true" : "false"
        case .number(let text): return Self.numberText(text, json: true)
        case .string(let value): return Self.quoted(value)
        case .array(let elements): return "[" + elements.map(\.jsonText).joined(separator: ",") + "]"
        case .object(let members):
            let pairs = Self.sortedKeys(members).map { key in
                Self.quoted(key) + ":" + (members[key]?.jsonText ?? "null")
            }
            return "{" + pairs.joined(separator: ",") + "}"
        }
    }

    /// Go sorts map keys by their bytes.
    private static func sortedKeys(_ members: [String: JSONValue]) -> [String] {
        members.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// An integer is kept exactly as written. This departs from Gatus on purpose: Go turns every JSON number into
    /// a `float64`, so Gatus prints `1234567` as `1.234567e+06`, `[BODY].id == 1234567` fails and
    /// `[BODY].id != 1234567` passes (a silent wrong pass); ids above 2^53 even lose digits. Every other number
    /// (`1.50`, `2e3`) is printed as Go prints the `float64`: `1.5`, `2000`.
    static func numberText(_ text: String, json: Bool) -> String {
        let digits = text.utf8.drop { $0 == UInt8(ascii: "-") }
        if !digits.isEmpty, digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
            return text
        }
        // The parser only keeps numbers that are finite doubles, so this conversion succeeds.
        let value = Double(text) ?? .nan
        return json ? GoNumberText.formatJSON(value) : GoNumberText.formatDefault(value)
    }

    /// A JSON string literal escaped as Go's encoder does by default (`<`, `>`, `&`, U+2028 and U+2029 too).
    private static func quoted(_ value: String) -> String {
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case "<", ">", "&", "\u{2028}", "\u{2029}", "\u{00}"..."\u{1F}":
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default:
                out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
