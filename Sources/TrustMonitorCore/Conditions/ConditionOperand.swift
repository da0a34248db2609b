/// One side of a condition, parsed: a placeholder (possibly inside `len()` or `has()`), a `pat()` or `any()`
/// on the side being compared against, or a literal.
struct ConditionOperand: Sendable, Hashable {
    enum Kind: Sendable, Hashable {
        /// Compared as text (or as a number with `<`, `>`, ...), exactly as written.
        case literal(String)
        case placeholder(Placeholder, function: PlaceholderFunction?)
        /// `pat(...)`: the other side must match the glob.
        case pattern(GlobPattern)
        /// `any(a, b, c)`: the other side must equal one of the options, as text.
        case anyOf([String])
    }

    /// The operand as written, trimmed, for display.
    let source: String
    let kind: Kind

    var readsBody: Bool {
        if case .placeholder(.body, _) = kind { return true }
        return false
    }

    var isMatcher: Bool {
        switch kind {
        case .pattern, .anyOf: true
        case .literal, .placeholder: false
        }
    }

    /// The JSON path of a `[BODY]` placeholder, if this operand has one.
    var bodyPath: JSONPath? {
        if case .placeholder(.body(let path), _) = kind { return path }
        return nil
    }

    /// The same operand reading `path` instead: how `[*]` is expanded.
    func replacingBodyPath(with path: JSONPath) -> ConditionOperand {
        guard case .placeholder(.body, let function) = kind else { return self }
        return ConditionOperand(source: source, kind: .placeholder(.body(path), function: function))
    }
}

/// What a placeholder reads from the response.
enum Placeholder: Sendable, Hashable {
    /// `[STATUS]`: the HTTP status. Without a response it is invalid and the condition fails (Gatus uses 0,
    /// which lets `[STATUS] != 500` or `[STATUS] < 400` pass for a server that never answered).
    case status
    /// `[IP]`: the address connected to; empty when unknown.
    case ip
    /// `[RESPONSE_TIME]`: whole milliseconds.
    case responseTime
    /// `[CONNECTED]`: `true` or `false`.
    case connected
    /// `[CERTIFICATE_EXPIRATION]`: milliseconds until the leaf certificate expires; 0 without TLS, as in Gatus
    /// (so `[CERTIFICATE_EXPIRATION] > 72h` fails on a plain-HTTP target rather than passing).
    case certificateExpiration
    /// `[BODY]` (the root path: the whole body, trimmed) or `[BODY].path`.
    case body(JSONPath)
    /// `[HEADER].name`: the first header of that name, case-insensitive.
    case header(String)

    /// The placeholders as written, upper-case; Gatus matches them case-insensitively.
    static let names: [String: Placeholder] = [
        "STATUS": .status, "IP": .ip, "RESPONSE_TIME": .responseTime, "CONNECTED": .connected,
        "CERTIFICATE_EXPIRATION": .certificateExpiration,
    ]

    /// Gatus placeholders that need data a TrustMonitor check does not collect.
    static let unsupported: [String: String] = [
        "DNS_RCODE": "TrustMonitor has no DNS checks",
        "DOMAIN_EXPIRATION": "TrustMonitor does not query WHOIS",
        "CONTEXT": "TrustMonitor has no suites",
    ]
}

/// `len()` and `has()`, which wrap a placeholder.
enum PlaceholderFunction: String, Sendable, Hashable {
    /// The length: elements of a JSON array, otherwise the bytes of the resolved text.
    case length = "len"
    /// Whether the value exists: `true` / `false`, never an error.
    case has
}
