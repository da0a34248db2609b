/// What conditions read, with the body decoded once per evaluation, not once per placeholder.
struct EvaluationInput {
    let context: ConditionContext
    /// The decoded body; nil when no operand needs JSON.
    let json: Result<JSONValue, JSONParseError>?

    init(context: ConditionContext, needsJSON: Bool) {
        self.context = context
        self.json = needsJSON && !context.bodyTruncated
            ? Result { () throws(JSONParseError) in try JSONParser.parse(context.body) } : nil
    }

    /// The body as Gatus compares it: text with surrounding whitespace removed.
    var trimmedBody: String { String(decoding: context.body, as: UTF8.self).trimmingWhitespace() }

    /// The value at `path`, or why there is none.
    func value(at path: JSONPath) -> Result<JSONValue, JSONPath.PathError> {
        switch json {
        case .success(let root): path.resolve(in: root)
        case .failure(let error): .failure(JSONPath.PathError("the body is not JSON (\(error.description))"))
        case nil: .failure(JSONPath.PathError("the body was not decoded"))
        }
    }
}
