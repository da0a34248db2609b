/// `${VAR}`, `${VAR:-default}` and `$$` in configuration values, so secrets and per-host settings stay
/// out of the file.
///
/// Applied to each scalar after the YAML structure is parsed, never to the raw text: a variable's value
/// cannot add keys, list items or quotes, whatever it contains. `:-` follows the shell: the default is
/// used when the variable is unset or empty. A `$` followed by anything else is kept as written, so a
/// password containing `$` needs no escaping unless it is followed by `{` or `$`.
enum EnvironmentInterpolation {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static func expand(_ text: String, environment: [String: String]) throws(Failure) -> String {
        guard text.contains("$") else { return text }
        var result = ""
        var missing: [String] = []
        var rest = Substring(text)
        while let dollar = rest.firstIndex(of: "$") {
            result += rest[..<dollar]
            let after = rest[rest.index(after: dollar)...]
            if after.first == "$" {
                result += "$"
                rest = after.dropFirst()
            } else if after.first == "{" {
                guard let close = after.firstIndex(of: "}") else {
                    throw Failure(description: "unterminated '${' in '\(text)' (write $$ for a literal $)")
                }
                let reference = after[after.index(after: after.startIndex)..<close]
                let (name, fallback) = split(reference)
                guard isValidName(name) else {
                    throw Failure(description: "invalid variable name '\(name)' in '\(text)' "
                        + "(letters, digits and _, not starting with a digit)")
                }
                if let value = environment[String(name)], !(fallback != nil && value.isEmpty) {
                    result += value
                } else if let fallback {
                    result += fallback
                } else {
                    missing.append(String(name))
                }
                rest = after[after.index(after: close)...]
            } else {
                result += "$"
                rest = after
            }
        }
        result += rest
        guard missing.isEmpty else { throw Failure(description: missingMessage(missing)) }
        return result
    }

    private static func split(_ reference: Substring) -> (name: Substring, fallback: Substring?) {
        guard let separator = reference.range(of: ":-") else { return (reference, nil) }
        return (reference[..<separator.lowerBound], reference[separator.upperBound...])
    }

    private static func isValidName(_ name: Substring) -> Bool {
        guard let first = name.first, !first.isNumber else { return false }
        return name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
    }

    private static func missingMessage(_ names: [String]) -> String {
        let example = names[0]
        if names.count == 1 {
            return "environment variable '\(example)' is not set (set it, or give a default: ${\(example):-value})"
        }
        let list = names.map { "'\($0)'" }.joined(separator: ", ")
        return "environment variables \(list) are not set (set them, or give defaults: ${\(example):-value})"
    }
}
