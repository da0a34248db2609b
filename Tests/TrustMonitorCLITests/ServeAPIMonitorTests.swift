import Foundation
import Testing
@testable import TrustMonitorTestSupport

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A real `serve` runs a monitor made through its API beside the file's, and stops checking it once deleted.
@Suite struct ServeAPIMonitorTests {
    static func call(_ serve: ServeProcess, _ method: String, _ path: String, json: String? = nil) async throws
        -> (status: Int, json: [String: Any])
    {
        var request = URLRequest(url: try #require(URL(string: serve.base + path)))
        request.httpMethod = method
        request.setValue("Bearer \(ServeProcess.adminToken)", forHTTPHeaderField: "Authorization")
        if let json {
            request.httpBody = Data(json.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        let object = data.isEmpty ? [:] : (try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:])
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, object)
    }

    @Test func serveChecksAnAPIMonitorUntilItIsDeleted() async throws {
        let target = try await TestServer.start { _ in .ok() }
        let serve = try await ServeProcess.start { listen, directory in
            """
            server: {listen: "\(listen)", data_dir: \(directory)}
            monitors:
              - {name: from-file, url: 'http://127.0.0.1:1/', interval: 1h}
            """
        }
        defer { serve.stop() }
        let body = #"{"name": "from-api", "url": "\#(target.url("/health"))", "interval": "300ms", "timeout": "250ms"}"#
        let created = try await Self.call(serve, "POST", "/api/v1/monitors", json: body)
        #expect(created.status == 201, "\(created.json)")
        #expect(await eventually { target.requestCount >= 2 }, "serve checks it; stderr:\n\(serve.stderr)")

        let listed = try await Self.call(serve, "GET", "/api/v1/monitors")
        let sources = (listed.json["monitors"] as? [[String: Any]] ?? []).map {
            "\($0["name"] as? String ?? ""):\($0["source"] as? String ?? "")"
        }
        #expect(sources.sorted() == ["from-api:api", "from-file:config"])
        #expect(try await Self.call(serve, "DELETE", "/api/v1/monitors/from-file").status == 409)

        #expect(try await Self.call(serve, "DELETE", "/api/v1/monitors/from-api").status == 204)
        // A check in flight may still land; after that, none.
        try await Task.sleep(for: .milliseconds(600))
        let settled = target.requestCount
        try await Task.sleep(for: .seconds(1))
        #expect(target.requestCount == settled, "checking stopped")
        try await target.shutdown()
    }
}
