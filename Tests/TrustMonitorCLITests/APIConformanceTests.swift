import Foundation
import Testing
@testable import TrustMonitorTestSupport
import TrustMonitorServer

/// A tour of every documented operation on a real `trustmonitor serve`, each answer checked against the OpenAPI
/// document by validators we did not write (Tests/interop/check_openapi.py: openapi-spec-validator and
/// jsonschema), and the document held to the routes the server really has.
@Suite(.serialized) struct APIConformanceTests {
    static var committedDocument: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/TrustMonitorServer/OpenAPI/openapi.json").path
    }

    /// - Parameter failedAuthLimit: the fuzzer sends wrong tokens on purpose (schemathesis's auth cases): with the
    ///   default limit its address would soon be refused everything, and the fuzz would test nothing but 429s.
    static func config(target: String, failedAuthLimit: Int = 5) -> (String, String) -> String {
        { listen, directory in
            """
            server: {listen: \(listen), data_dir: \(directory)/data, failed_auth_limit: \(failedAuthLimit)}
            monitors:
              - name: steady
                url: \(target)/ok
                interval: 1s
                timeout: 800ms
              - name: broken
                url: \(target)/down
                interval: 1s
                timeout: 800ms
                retry: {attempts: 1}
                verify: {probes: 1, quorum: 2, recheck_delay: 100ms}
                alerts: [hook]
            alerts:
              - {name: hook, type: webhook, url: '\(target)/hook'}
            """
        }
    }

    static func target() async throws -> TestServer {
        try await TestServer.start { request in
            if request.uri.hasPrefix("/down") { return .respond(status: 503, body: "down") }
            if request.uri.hasPrefix("/hook") { return .respond(status: 204) }
            return .ok("{\"status\":\"ok\"}", headers: [("Content-Type", "application/json")])
        }
    }

    @Test func everyDocumentedOperationAnswersAsDocumented() async throws {
        let target = try await Self.target()
        let server = try await ServeProcess.start(config: Self.config(target: target.url("").dropLastSlash))
        defer { server.stop() }
        let api = APIRecorder(base: server.base, token: ServeProcess.adminToken)
        try await APITour(api: api).run()
        try api.save()
        let check = try await InteropScript.run([InteropScript.path("check_openapi.py"), Self.committedDocument, api.file])
        #expect(check.status == 0, "\(check.transcript)")
        #expect(!check.stdout.contains("not exercised"), "every documented operation is exercised:\n\(check.stdout)")
        #expect(api.count > 60)
    }

    @Test func theServedDocumentIsTheCommittedFileAndAValidOpenAPIDocument() async throws {
        let committed = try Data(contentsOf: URL(fileURLWithPath: Self.committedDocument))
        #expect(Data(APIRoutes.openAPIDocument) == committed)
        let check = try await InteropScript.run([InteropScript.path("check_openapi.py"), Self.committedDocument])
        #expect(check.status == 0 && check.stdout.contains("valid OpenAPI 3.1"), "\(check.transcript)")
    }
}

extension String {
    /// `http://host:port/` without its trailing slash, to append paths to.
    var dropLastSlash: String { hasSuffix("/") ? String(dropLast()) : self }
}
