import Foundation
import Hummingbird

/// A JSON object sent to one of the API's writes: `Content-Type: application/json`, at most `limit` bytes, UTF-8,
/// one object. Anything else is a 4xx saying which of these it is not.
enum JSONRequestBody {
    /// Far above any monitor or window a person writes, far below what would cost the server.
    static let limit = 64 << 10

    /// The body's text, once it is known to be one JSON object.
    /// - Parameter what: what the body should be, for messages ("a monitor").
    static func object(_ request: Request, what: String) async throws -> String {
        let mediaType = request.headers[.contentType]?.split(separator: ";").first?
            .trimmingCharacters(in: .whitespaces).lowercased()
        guard mediaType == "application/json" else {
            throw APIError(.unsupportedMediaType, code: "unsupported_media_type",
                           message: "send \(what) as JSON, with Content-Type: application/json")
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: limit)
        } catch {
            throw APIError(.contentTooLarge, code: "body_too_large", message: "the body is limited to \(limit) bytes")
        }
        let data = Data(buffer.readableBytesView)
        guard let text = String(data: data, encoding: .utf8) else {
            throw APIError(.badRequest, code: "invalid_body", message: "the body is not UTF-8 text")
        }
        let value: Any
        do {
            value = try JSONSerialization.jsonObject(with: data)
        } catch {
            let detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey].map { ": \($0)" } ?? ""
            throw APIError(.badRequest, code: "invalid_body", message: "the body is not valid JSON\(detail)")
        }
        guard value is [String: Any] else {
            throw APIError(.badRequest, code: "invalid_body", message: "expected \(what) as a JSON object ({...})")
        }
        return text
    }
}
