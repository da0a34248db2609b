import Foundation
import NIOConcurrencyHelpers

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Makes API requests as a client would and keeps every answer (method, path, status, content type, body) as a
/// JSON line, for Tests/interop/check_openapi.py to check against the OpenAPI document.
final class APIRecorder: Sendable {
    struct Answer: Sendable {
        let status: Int
        let body: Data
        let headers: [String: String]
        /// The body as a JSON object; empty when it is not one.
        var json: [String: Any] {
            (try? JSONSerialization.jsonObject(with: body) as? [String: Any]) ?? [:]
        }
        var errorCode: String? { (json["error"] as? [String: Any])?["code"] as? String }
    }

    let base: String
    let token: String
    let file: String
    private let session: URLSession
    private let lines = NIOLockedValueBox<[String]>([])

    init(base: String, token: String) {
        self.base = base
        self.token = token
        file = NSTemporaryDirectory() + "tm-openapi-\(UUID().uuidString).jsonl"
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpShouldSetCookies = false
        session = URLSession(configuration: configuration)
    }

    /// One request; `token: ""` sends none. A JSON `body` is sent as `application/json`; `raw` as it is.
    @discardableResult
    func call(_ method: String, _ path: String, json body: [String: any Sendable]? = nil, raw: Data? = nil,
              contentType: String = "application/json", token: String? = nil) async throws -> Answer {
        guard let url = URL(string: base + path) else { throw URLError(.badURL) }
        var request = URLRequest(url: url)
        request.httpMethod = method
        let bearer = token ?? self.token
        if !bearer.isEmpty { request.setValue("Bearer \(bearer)", forHTTPHeaderField: "Authorization") }
        if let body {
            request.httpBody = try JSONSerialization.data(withJSONObject: body)
            request.setValue(contentType, forHTTPHeaderField: "Content-Type")
        } else if let raw {
            request.httpBody = raw
            request.setValue(contentType, forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await session.data(for: request)
        let http = response as? HTTPURLResponse
        var headers: [String: String] = [:]
        for (key, value) in http?.allHeaderFields ?? [:] {
            if let key = key as? String, let value = value as? String { headers[key.lowercased()] = value }
        }
        let answer = Answer(status: http?.statusCode ?? 0, body: data, headers: headers)
        let record: [String: Any] = [
            "method": method, "path": path, "status": answer.status,
            "content_type": headers["content-type"] ?? "", "body": String(decoding: data, as: UTF8.self),
        ]
        let line = String(decoding: try JSONSerialization.data(withJSONObject: record), as: UTF8.self)
        lines.withLockedValue { $0.append(line) }
        return answer
    }

    /// How many answers were kept.
    var count: Int { lines.withLockedValue { $0.count } }

    /// Writes the kept answers to `file`.
    func save() throws {
        try lines.withLockedValue { $0.joined(separator: "\n") }.write(toFile: file, atomically: true, encoding: .utf8)
    }
}
