public import Foundation

/// A bundle as the file people keep and hand over: JSON with sorted keys, pretty-printed, slashes unescaped, so two
/// copies of one bundle are the same bytes and a diff between two reads well. Incident and SLA bundles alike.
public protocol BundleFile: Codable {}

extension BundleFile {
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    public init(json: Data) throws {
        self = try JSONDecoder().decode(Self.self, from: json)
    }
}
