import Foundation
import Testing
@testable import TrustMonitorTestSupport

/// Property-based fuzzing of the whole API by schemathesis (PyPI), driven by the served OpenAPI document, against a
/// real `trustmonitor serve`: generated valid and invalid requests for every operation, and every answer must be a
/// documented status with a documented body, never a 5xx, invalid input refused, and security enforced.
@Suite(.serialized) struct APIFuzzTests {
    /// The checks that must all pass. Left out on purpose: `positive_data_acceptance` (a body can fit the schema
    /// and still be refused for reasons a schema cannot say: a URL that does not parse, a name already taken) and
    /// `ignored_auth` (its wrong tokens would soon have this address refused with 429 for everything, as the
    /// sign-in limiter must; AccessCoverageTests checks every route against missing, wrong, revoked and
    /// under-scoped tokens instead).
    static let checks = [
        "not_a_server_error", "status_code_conformance", "content_type_conformance", "response_headers_conformance",
        "response_schema_conformance", "negative_data_rejection",
    ]

    @Test func schemathesisFindsNoServerErrorAndNothingUndocumented() async throws {
        let target = try await APIConformanceTests.target()
        let server = try await ServeProcess.start(config: APIConformanceTests.config(target: target.url("").dropLastSlash))
        defer { server.stop() }
        let report = server.directory + "/schemathesis"
        let run = try await InteropScript.run([
            "-m", "schemathesis.cli", "run", server.base + "/api/v1/openapi.json",
            "--header", "Authorization: Bearer \(ServeProcess.adminToken)",
            "--checks", Self.checks.joined(separator: ","),
            "--max-examples", "100", "--seed", "20261125", "--workers", "1", "--request-timeout", "15",
            "--phases", "examples,coverage,fuzzing", "--no-shrink",
            "--report", "junit", "--report-dir", report,
        ], timeout: .seconds(900))
        #expect(run.status == 0, "schemathesis: \(run.transcript.suffix(12_000))\nserver stderr:\n\(server.stderr.suffix(4_000))")
        #expect(run.stdout.contains("passed") || run.stdout.contains("Passed"), "\(run.stdout.suffix(2_000))")
        #expect(!server.stderr.contains(ServeProcess.adminToken), "the token never reaches the log")
    }
}
