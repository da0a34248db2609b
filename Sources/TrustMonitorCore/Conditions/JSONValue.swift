/// A JSON document as `[BODY]` paths see it.
///
/// Numbers keep their source text: an integer such as `1234567` is then shown and compared exactly as written,
/// and other numbers are printed the way Gatus (Go) prints a `float64`, see `JSONValue+GoText.swift`.
/// Objects are dictionaries: a repeated key keeps its last value, as Go's decoder does.
enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// The kind of value, for error messages (`'name' is a string, not an object`).
    var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}
