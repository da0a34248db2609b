import Foundation
import Hummingbird

/// An `application/x-www-form-urlencoded` body (what a browser's form posts) as its fields; the first value of a
/// repeated name wins.
struct FormFields: Sendable {
    let fields: [String: String]

    subscript(_ name: String) -> String? { fields[name] }

    init(_ text: String) {
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.decode(parts[0]) else { continue }
            let value = parts.count > 1 ? Self.decode(parts[1]) : ""
            if fields[name] == nil, let value { fields[name] = value }
        }
        self.fields = fields
    }

    /// Whether the request says its body is a form.
    static func isForm(_ request: Request) -> Bool {
        request.headers[.contentType]?.lowercased().hasPrefix("application/x-www-form-urlencoded") == true
    }

    /// Reads the form (at most `limit` bytes) and leaves the body in `request` for the route to read again.
    static func read(_ request: inout Request, limit: Int) async throws -> FormFields {
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: limit)
        } catch {
            throw APIError(.contentTooLarge, code: "body_too_large", message: "form bodies are limited to \(limit) bytes")
        }
        return FormFields(String(decoding: buffer.readableBytesView, as: UTF8.self))
    }

    private static func decode(_ text: Substring) -> String? {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}
