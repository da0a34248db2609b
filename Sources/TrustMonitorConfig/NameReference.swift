/// A monitor's or alert channel's name as written, with where, for the checks that span the whole file:
/// names unique per kind, and every channel a monitor names defined.
struct NameReference {
    let name: String
    let path: String
    let position: SourcePosition?

    /// Names end up in URLs (`/badge/{monitor}.svg`), metric labels and file names, so they are kept to
    /// characters that need no escaping anywhere.
    static let allowedCharacters = "letters, digits, '.', '_' and '-'"

    /// The mapping's required `name`, reported when missing, empty or with other characters. A bad name is
    /// still returned, so references to it are not reported as unknown as well.
    static func read(_ mapping: ConfigMapping) -> NameReference? {
        guard let name = mapping.requiredString("name") else { return nil }
        if name.isEmpty {
            mapping.report("name must not be empty", key: "name")
        } else if !name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }) {
            mapping.report("invalid name '\(name)': use only \(allowedCharacters) "
                + "(names appear in URLs and metric labels)", key: "name")
        }
        return NameReference(name: name, path: mapping.childPath("name"), position: mapping.position("name"))
    }

    /// Reports each name used before, at its second and later uses, pointing back at the first.
    static func reportDuplicates(_ names: [NameReference], kind: String, reader: ConfigReader) {
        var first: [String: NameReference] = [:]
        for entry in names {
            if let earlier = first[entry.name] {
                let line = earlier.position.map { " on line \($0.line)" } ?? ""
                reader.report("duplicate \(kind) name '\(entry.name)' (first defined\(line))",
                              path: entry.path, at: entry.position)
            } else {
                first[entry.name] = entry
            }
        }
    }

    /// Reports each reference to a name that `defined` lacks, with the closest defined name.
    static func reportUnknown(_ references: [NameReference], defined: [NameReference], kind: String,
                              reader: ConfigReader) {
        let names = defined.map(\.name)
        for reference in references where !names.contains(reference.name) {
            let hint = ClosestMatch.hint(for: reference.name, among: names, knownLabel: "defined")
            reader.report("unknown \(kind) '\(reference.name)' \(hint)", path: reference.path, at: reference.position)
        }
    }
}
