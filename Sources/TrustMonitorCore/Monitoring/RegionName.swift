/// Region (and probe) names appear in URLs, metric labels and ledger entries, so they are kept plain:
/// 1 to 64 of `A-Z a-z 0-9 . _ -`. One rule for the config file, the CLI and the agent protocol.
public enum RegionName {
    /// Nil when `text` is a valid name, else what is wrong with it.
    public static func problem(_ text: String, what: String = "region") -> String? {
        guard (1...64).contains(text.count),
              text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }) else {
            return "invalid \(what) '\(text)': use 1 to 64 of A-Z a-z 0-9 . _ -"
        }
        return nil
    }
}
