/// Resolves operands the way Gatus's `ResolvePlaceholder` does, with the differences its doc comments name.
enum PlaceholderResolver {
    static let bodyNotJudged = "the body exceeded the read limit and was not judged"

    static func resolve(_ operand: ConditionOperand, in input: EvaluationInput) -> ResolvedOperand {
        switch operand.kind {
        case .literal(let text):
            return ResolvedOperand(value: text, display: ResolvedOperand.bounded(text))
        case .pattern, .anyOf:
            return ResolvedOperand(value: nil, display: ResolvedOperand.bounded(operand.source))
        case let .placeholder(placeholder, function):
            var resolved = resolve(placeholder, function, in: input)
            resolved.display = ResolvedOperand.bounded(resolved.display)
            return resolved
        }
    }

    private static func resolve(
        _ placeholder: Placeholder, _ function: PlaceholderFunction?, in input: EvaluationInput
    ) -> ResolvedOperand {
        let context = input.context
        switch placeholder {
        case .status:
            // Gatus reads a missing status as 0, so `[STATUS] < 500` passes when the server never answered.
            guard let status = context.status else {
                return function == .has ? boolean(false) : .invalid("no HTTP status: no response arrived")
            }
            return plain(String(status), function)
        case .ip:
            return plain(context.ip ?? "", function)
        case .responseTime:
            return plain(String(context.responseTime.milliseconds), function)
        case .connected:
            return plain(context.connected ? "true" : "false", function)
        case .certificateExpiration:
            let remaining = context.certificateExpiration
            var resolved = plain(String(remaining?.milliseconds ?? 0), function)
            if function == nil { resolved.display = remaining.map(readable) ?? "no certificate" }
            return resolved
        case .header(let name):
            return header(name, function, in: context)
        case .body(let path):
            guard !context.bodyTruncated else {
                return ResolvedOperand(value: nil, display: ResolvedOperand.notJudgedDisplay, error: bodyNotJudged)
            }
            return path.isRoot ? wholeBody(function, in: input) : body(at: path, function, in: input)
        }
    }

    /// A value that always exists: `has()` asks whether it is non-empty, `len()` counts its bytes.
    private static func plain(_ value: String, _ function: PlaceholderFunction?) -> ResolvedOperand {
        switch function {
        case nil: ResolvedOperand(value: value, display: value)
        case .has: boolean(!value.isEmpty)
        case .length: number(value.utf8.count)
        }
    }

    /// `[HEADER].name`: a missing header resolves like a missing JSON path; `has()` asks whether it was sent.
    private static func header(
        _ name: String, _ function: PlaceholderFunction?, in context: ConditionContext
    ) -> ResolvedOperand {
        let lowered = name.lowercased()
        let field = context.headers.first { $0.name.lowercased() == lowered }
        switch (function, field) {
        case (.has, _): return boolean(field != nil)
        case (_, nil): return .invalid("the response has no '\(name)' header")
        case (.length, let field?): return number(field.value.utf8.count)
        case (nil, let field?):
            let display = HeaderRedaction.isSensitive(name) ? HeaderRedaction.placeholder : field.value
            return ResolvedOperand(value: field.value, display: display)
        }
    }

    /// `[BODY]`: the trimmed text. `len([BODY])` counts the elements when the body is a JSON array, otherwise its
    /// bytes. Gatus checks the raw first and last byte for `[`/`]` and counts untrimmed bytes, so an array followed
    /// by a newline counts bytes and `len([BODY]) >= 1` passes for `[]\n`; here the body is trimmed first.
    private static func wholeBody(_ function: PlaceholderFunction?, in input: EvaluationInput) -> ResolvedOperand {
        let text = input.trimmedBody
        switch function {
        case nil:
            return ResolvedOperand(value: text, display: text)
        case .has:
            return boolean(!text.isEmpty)
        case .length:
            if case .success(.array(let elements)) = input.json { return number(elements.count) }
            return number(text.utf8.count)
        }
    }

    /// `[BODY].path`: missing, null or not JSON makes the value invalid and the condition fail (whatever the
    /// operator: Gatus compares the text `[BODY].x (INVALID)`, so `!=` passes there); `has()` says false.
    private static func body(
        at path: JSONPath, _ function: PlaceholderFunction?, in input: EvaluationInput
    ) -> ResolvedOperand {
        let found = input.value(at: path)
        switch (function, found) {
        case (.has, _):
            if case .success = found { return boolean(true) }
            return boolean(false)
        case (_, .failure(let error)):
            return .invalid(error.reason)
        case (.length, .success(let value)):
            // `goLength` is nil only for null, which `resolve(in:)` already reports as missing.
            return value.goLength.map(number) ?? .invalid("[BODY]\(path.text) is null")
        case (nil, .success(let value)):
            let text = value.goText ?? ""
            return ResolvedOperand(value: text, display: text)
        }
    }

    private static func boolean(_ value: Bool) -> ResolvedOperand {
        ResolvedOperand(value: value ? "true" : "false", display: value ? "true" : "false")
    }

    private static func number(_ value: Int) -> ResolvedOperand {
        ResolvedOperand(value: String(value), display: String(value))
    }

    /// Time left as Go prints a duration, whole seconds, zero units dropped: `336h`, `1h30m`, `52h3m7s`.
    /// (Gatus trims a trailing `0s`/`0m` by text and so shows 10 seconds as `1`; that is not copied.)
    static func readable(_ duration: Duration) -> String {
        let totalSeconds = duration.components.seconds
        guard totalSeconds != 0 else { return "0s" }
        let magnitude = totalSeconds.magnitude
        let (hours, minutes, seconds) = (magnitude / 3600, magnitude / 60 % 60, magnitude % 60)
        var text = totalSeconds < 0 ? "-" : ""
        if hours > 0 { text += "\(hours)h" }
        if minutes > 0 { text += "\(minutes)m" }
        if seconds > 0 { text += "\(seconds)s" }
        return text
    }
}
