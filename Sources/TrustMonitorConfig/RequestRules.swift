public import TrustMonitorCore

/// The rules for a check's request that every edge applies the same way: the `check` command's flags and
/// a monitor in the configuration file accept and reject the same values, with the same messages.
///
/// Limits are named here so a flag's help, a config problem and the API's 400 cannot drift apart.
public enum RequestRules {
    /// Total attempts including the first.
    public static let retryAttempts = 1...20
    public static let maxRedirects = 0...50
    /// 64 MiB: enough for any health payload, small enough that a wrong URL cannot exhaust memory.
    public static let maxBodyBytes = 0...(64 << 20)

    public struct Violation: Error, Equatable, CustomStringConvertible {
        public let description: String
        init(_ description: String) { self.description = description }
    }

    /// An HTTP method, upper-cased: letters and `-` only (`GET`, `PROPFIND`, `M-SEARCH`).
    public static func method(_ text: String) throws(Violation) -> String {
        let method = text.uppercased()
        guard !method.isEmpty, method.allSatisfy({ $0.isASCII && ($0.isLetter || $0 == "-") }) else {
            throw Violation("invalid method '\(text)'")
        }
        return method
    }

    /// A header given as `Name: value`, the form of `--header` and of curl.
    public static func header(_ line: String) throws(Violation) -> HeaderField {
        guard let colon = line.firstIndex(of: ":") else {
            throw Violation("invalid header '\(line)': expected 'Name: value'")
        }
        return try header(name: String(line[..<colon]), value: String(line[line.index(after: colon)...]))
    }

    /// A header's name must be an RFC 9110 token, and its value must not contain a line break, which would
    /// let it smuggle a second header or end the request head.
    public static func header(name: String, value: String) throws(Violation) -> HeaderField {
        let name = name.trimming(" \t")
        let value = value.trimming(" \t")
        let tokenCharacters = "!#$%&'*+-.^_`|~"
        guard !name.isEmpty,
              name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || tokenCharacters.contains($0)) })
        else { throw Violation("invalid header name '\(name)'") }
        // Scalars, not characters: "\r\n" is one `Character`, equal to neither "\r" nor "\n".
        guard !value.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" }) else {
            throw Violation("header '\(name)' value contains a line break")
        }
        return HeaderField(name: name, value: value)
    }

    /// A failure code by its stable name, as in `retry.on` and `--retry-on`.
    public static func failureCode(_ name: String) throws(Violation) -> FailureCode {
        let trimmed = name.trimming(" ")
        guard let code = FailureCode(rawValue: trimmed) else {
            let known = FailureCode.allCases.map(\.rawValue).joined(separator: ", ")
            throw Violation("unknown failure code '\(trimmed)' (known: \(known))")
        }
        return code
    }
}

extension StringProtocol {
    func trimming(_ characters: String) -> String {
        String(drop { characters.contains($0) }.reversed().drop { characters.contains($0) }.reversed())
    }
}
