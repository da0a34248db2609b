/// C2SP tlog-tiles path encoding, shared by hash tiles and entry bundles.
///
/// Tile paths are served as immutable files from a CDN or a static directory, and every tlog-tiles client
/// builds them the same way: N in 3-digit groups, all but the last prefixed with `x`, plus `.p/<W>` for a
/// partial tile of W < 256 entries.
public enum TilePath {
    /// Entries (or hashes) per full tile.
    public static let width = 256

    /// `0` → `000`, `1234` → `x001/234`, `1234067` → `x001/x234/067`.
    public static func encode(index: Int) -> String {
        precondition(index >= 0, "tile indexes are non-negative")
        var groups: [String] = []
        var rest = index
        repeat {
            let group = String(rest % 1000)
            groups.append(String(repeating: "0", count: 3 - group.count) + group)
            rest /= 1000
        } while rest > 0
        let ordered = groups.reversed()
        return ordered.dropLast().map { "x" + $0 + "/" }.joined() + (ordered.last ?? "000")
    }

    /// The path of hash tile (level, index) with `width` hashes (256 for a full tile), under `tile/`.
    public static func hashTile(level: Int, index: Int, width: Int = TilePath.width) -> String {
        precondition((1...Self.width).contains(width), "a tile holds 1...256 entries")
        return "tile/\(level)/\(encode(index: index))" + partialSuffix(width)
    }

    /// The path of entry bundle `index` with `width` entries, under `tile/entries/`.
    public static func entryBundle(index: Int, width: Int = TilePath.width) -> String {
        precondition((1...Self.width).contains(width), "a bundle holds 1...256 entries")
        return "tile/entries/\(encode(index: index))" + partialSuffix(width)
    }

    private static func partialSuffix(_ width: Int) -> String {
        width == Self.width ? "" : ".p/\(width)"
    }
}
