import Foundation
import Testing
@testable import TrustMonitorTestSupport

/// Property-based fuzzing of the whole API by schemathesis (PyPI), driven by the served OpenAPI document, against a
/// real `trustmonitor serve`: generated valid and invalid requests for every operation, and every answer must be a
/// documented status with a documented body, never a 5xx, invalid input refused, and security enforced.
@Suite(.serialized) struct APIFuzzTests {
    /// The checks that must all pass. Left out on purpose: `positive_data_acceptance` (a body can fit the schema
    /// and still be refused for reasons a schema cannot say: a URL that does not parse, a name already taken).
    static let checks = [
        "not_a_server_error", "status_code_conformance", "content_type_conformance", "response_headers_conformance",
        "response_schema_conformance", "negative_data_rejection", "ignored_auth",
    ]

    /// The operations schemathesis says answered only 401/403 (its "Authentication failed" warning).
    static func operationsOnlyRefused(_ output: String) -> [String] {
        var listed: [String] = [], inList = false
        for line in output.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("401 Unauthorized") || line.hasPrefix("403 Forbidden") { inList = true; continue }
            guard inList else { continue }
            guard line.hasPrefix("  - ") else { inList = false; continue }
            listed.append(String(line.dropFirst(4)))
        }
        return listed
    }

    @Test func schemathesisFindsNoServerErrorAndNothingUndocumented() async throws {
        let target = try await APIConformanceTests.target()
        let server = try await ServeProcess.start(config: APIConformanceTests.config(target: target.url("").dropLastSlash,
                                                                                                failedAuthLimit: 0))
        defer { server.stop() }
        let report = server.directory + "/schemathesis"
        let run = try await InteropScript.run([
            "-m", "schemathesis.cli", "run", server.base + "/api/v1/openapi.json",
            "--header", "Authorization: Bearer \(ServeProcess.adminToken)",
            "--checks", Self.checks.joined(separator: ","),
            "--max-examples", "100", "--seed", "20261125", "--workers", "1", "--request-timeout", "15",
            "--phases", "examples,coverage,fuzzing", "--no-shrink",
            // Revoking tokens is left to the tour: the fuzzer learns token ids from GET /api/v1/tokens and would
            // revoke its own, leaving every later operation answering 401.
            "--exclude-operation-id", "revokeToken",
            "--report", "junit", "--report-dir", report,
        ], timeout: .seconds(900))
        #expect(run.status == 0, "schemathesis: \(run.transcript.suffix(12_000))\nserver stderr:\n\(server.stderr.suffix(4_000))")
        #expect(run.stdout.contains("passed") || run.stdout.contains("Passed"), "\(run.stdout.suffix(2_000))")
        #expect(!run.stdout.contains("Rate limited"), "the operations were fuzzed, not refused with 429:\n\(run.stdout.suffix(3_000))")
        // Only the agent's routes refuse the admin token (they take a probe's token, by design): every other
        // operation was reached.
        let warned = Self.operationsOnlyRefused(run.stdout)
        #expect(warned.allSatisfy { $0.contains("/api/v1/agent/") }, "reached with the admin token: \(warned)")
        #expect(!server.stderr.contains(ServeProcess.adminToken), "the token never reaches the log")
    }
}
