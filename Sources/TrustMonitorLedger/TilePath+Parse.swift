extension TilePath {
    /// What a tile request asks for.
    public enum Request: Equatable, Sendable {
        case hashes(level: Int, index: Int, width: Int)
        case entries(index: Int, width: Int)
    }

    /// Parses a path under `tile/` as written by `hashTile` or `entryBundle` (`0/x001/234.p/17`,
    /// `entries/005`); nil for anything that is not exactly the canonical form.
    public static func parse(_ path: Substring) -> Request? {
        var parts = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        var width = Self.width
        if parts.count >= 2, parts[parts.count - 2].hasSuffix(".p"), let w = Int(parts[parts.count - 1]),
           (1..<Self.width).contains(w), String(w) == parts[parts.count - 1] {
            width = w
            parts.removeLast()
            parts[parts.count - 1].removeLast(2)
        }
        guard let kind = parts.first, parts.count >= 2 else { return nil }
        let groups = parts.dropFirst()
        var index = 0
        for (position, group) in groups.enumerated() {
            let isLast = position == groups.count - 1
            let digits = isLast ? group : (group.hasPrefix("x") ? String(group.dropFirst()) : "")
            guard digits.count == 3, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(digits),
                  index <= Int.max / 1000
            else { return nil }
            index = index * 1000 + value
        }
        guard encode(index: index) == groups.joined(separator: "/") else { return nil }
        if kind == "entries" { return .entries(index: index, width: width) }
        guard let level = Int(kind), String(level) == kind, (0...63).contains(level) else { return nil }
        return .hashes(level: level, index: index, width: width)
    }
}
