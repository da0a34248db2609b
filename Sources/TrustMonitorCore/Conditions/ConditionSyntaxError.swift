/// A parse failure inside a condition: where (a character offset) and why.
///
/// Internal; `ConditionParser` turns it into the public `ConditionParseError` with the condition text.
struct ConditionSyntaxError: Error, Equatable {
    var position: Int
    var reason: String

    init(_ position: Int, _ reason: String) {
        self.position = position
        self.reason = reason
    }
}
