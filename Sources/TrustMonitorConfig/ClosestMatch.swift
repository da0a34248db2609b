/// "Did you mean ...?" for misspelt keys, types and names.
///
/// A suggestion is offered only when it is close (at most a third of the word, and at most 3 edits), so a
/// wholly unknown word gets the list of valid ones instead of a misleading guess.
enum ClosestMatch {
    static func suggestion(for word: String, among candidates: [String]) -> String? {
        let lowered = word.lowercased()
        let limit = min(3, max(1, lowered.count / 3))
        let scored = candidates.map { (candidate: $0, distance: distance(lowered, $0.lowercased())) }
        guard let best = scored.min(by: { $0.distance < $1.distance }), best.distance <= limit else { return nil }
        return best.candidate
    }

    /// `(did you mean 'interval'?)`, or `(known: a, b, c)` when nothing is close.
    static func hint(for word: String, among candidates: [String], knownLabel: String = "known") -> String {
        if let match = suggestion(for: word, among: candidates) { return "(did you mean '\(match)'?)" }
        if candidates.isEmpty { return "(none are defined)" }
        return "(\(knownLabel): \(candidates.joined(separator: ", ")))"
    }

    /// Levenshtein distance, with a swap of two neighbours counted as one edit (optimal string alignment).
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous2 = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + [Int](repeating: 0, count: b.count)
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], previous2[j - 2] + 1)
                }
            }
            previous2 = previous
            previous = current
        }
        return previous[b.count]
    }
}
