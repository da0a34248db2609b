/// Sizes as people write them: `1MiB`, `512KiB`, `2MB`, or a plain byte count.
///
/// Binary (`KiB`, `MiB`, `GiB`) and decimal (`kB`, `MB`, `GB`) units are both accepted, case-insensitively,
/// because both are common and the difference matters little at these sizes; a bare number is bytes, since
/// that is what the `--max-body` flag takes.
enum ByteCount {
    private static let units: [(suffix: String, bytes: Int)] = [
        ("b", 1), ("kb", 1000), ("kib", 1 << 10), ("mb", 1_000_000), ("mib", 1 << 20),
        ("gb", 1_000_000_000), ("gib", 1 << 30),
    ]

    static func parse(_ text: String) throws(ConfigValueError) -> Int {
        let trimmed = text.trimming(" \t")
        let digits = trimmed.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
        let unitText = trimmed.dropFirst(digits.count).trimming(" ").lowercased()
        guard let number = Double(digits), !digits.isEmpty else {
            throw ConfigValueError("invalid size '\(text)': expected a byte count or a size such as 1MiB")
        }
        guard let unit = unitText.isEmpty ? (suffix: "", bytes: 1) : units.first(where: { $0.suffix == unitText })
        else {
            throw ConfigValueError("invalid size '\(text)': unknown unit '\(unitText)' (use B, KiB, MiB, kB or MB)")
        }
        let bytes = number * Double(unit.bytes)
        guard bytes < 1e15, bytes == bytes.rounded() else {
            throw ConfigValueError("invalid size '\(text)': not a whole number of bytes")
        }
        return Int(bytes)
    }

    /// The shortest exact text: `1MiB`, `64KiB`, `1500B`, for messages.
    static func format(_ bytes: Int) -> String {
        let units = [("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)]
        for (suffix, size) in units where bytes >= size && bytes % size == 0 {
            return "\(bytes / size)\(suffix)"
        }
        return "\(bytes)B"
    }
}
