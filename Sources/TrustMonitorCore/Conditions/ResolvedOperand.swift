/// One side of a condition after looking at the response.
struct ResolvedOperand: Equatable {
    /// The text compared; nil when the value could not be resolved (or the side is a `pat()`/`any()`).
    var value: String?
    /// What `actual` / `expected` show: bounded, sensitive headers redacted, durations readable.
    var display: String
    /// Why the value could not be judged, if so.
    var error: String?

    /// Gatus's marker for a value that did not resolve (`[BODY].data.name (INVALID) == john`).
    static let invalidDisplay = "(INVALID)"
    static let notJudgedDisplay = "(not judged)"
    /// The most characters `actual` and `expected` keep, ellipsis included.
    static let displayLimit = 200

    static func invalid(_ reason: String) -> ResolvedOperand {
        ResolvedOperand(value: nil, display: invalidDisplay, error: reason)
    }

    /// `text` cut to `displayLimit` characters, the last being `…`, so a large body cannot bloat a result.
    static func bounded(_ text: String) -> String {
        guard text.count > displayLimit else { return text }
        return String(text.prefix(displayLimit - 1)) + "…"
    }
}
