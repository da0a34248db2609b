import Foundation
import NIOConcurrencyHelpers
@testable import TrustMonitorTestSupport

/// Makes API requests as a client would (through `TestHTTP`) and keeps every answer (method, path, status, content
/// type, body) as a JSON line, for Tests/interop/check_openapi.py to check against the OpenAPI document.
final class APIRecorder: Sendable {
    let base: String
    let token: String
    let file: String
    private let lines = NIOLockedValueBox<[String]>([])

    init(base: String, token: String) {
        self.base = base
        self.token = token
        file = NSTemporaryDirectory() + "tm-openapi-\(UUID().uuidString).jsonl"
    }

    /// One request; `token: ""` sends none. `json` is sent as `application/json`; `rawJSON` too, as it is (bytes
    /// that need not parse); `form` as a urlencoded form.
    @discardableResult
    func call(_ method: String, _ path: String, json body: [String: any Sendable]? = nil, rawJSON: String? = nil,
              form: [(String, String)]? = nil, token: String? = nil) async throws -> TestHTTP.Answer {
        let bearer = token ?? self.token
        let json = try body.map { String(decoding: try JSONSerialization.data(withJSONObject: $0), as: UTF8.self) }
        let answer = try await TestHTTP.send(method, base + path, bearer: bearer.isEmpty ? nil : bearer, form: form,
                                             json: json ?? rawJSON)
        let record: [String: Any] = [
            "method": method, "path": path, "status": answer.status,
            "content_type": answer.header("Content-Type") ?? "", "body": answer.text,
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
