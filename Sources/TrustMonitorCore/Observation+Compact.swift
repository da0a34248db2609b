extension Observation {
    /// What is kept of a passing check in the long run: the verdict, status, phases and conditions, without
    /// headers and body excerpt. At a thousand checks a second the full evidence of every success would be
    /// tens of gigabytes a day; failures, which are the evidence that matters, are kept whole.
    public var compactedIfUp: Observation {
        guard verdict == .up else { return self }
        var copy = self
        copy.attempts = attempts.map { attempt in
            var slim = attempt
            slim.headers = []
            if var body = slim.body {
                body.excerpt = ""
                slim.body = body
            }
            return slim
        }
        return copy
    }
}
