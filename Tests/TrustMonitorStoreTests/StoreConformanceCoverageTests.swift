import Foundation
import Testing

/// Every backend's suite runs every conformance check: each backend lists its checks as `@Test`s (one named
/// test per check), and this reads the sources to catch a check added to `StoreConformance` but not to a list.
@Suite struct StoreConformanceCoverageTests {
    static let backendSuites = ["SQLiteStoreTests.swift", "PostgresStoreTests.swift"]

    private static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()

    /// `func name() async throws` at the top level of a `StoreConformance` extension: a check.
    static func conformanceChecks() throws -> Set<String> {
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasPrefix("StoreConformance") && $0.hasSuffix(".swift") && !$0.hasSuffix("CoverageTests.swift") }
        var checks: Set<String> = []
        for file in files {
            let text = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
            for line in text.split(separator: "\n") {
                if let match = line.wholeMatch(of: #/ {4}func (\w+)\(\) async throws \{/#) { checks.insert(String(match.1)) }
            }
        }
        return checks
    }

    /// The checks a backend's suite runs: `@Test func name() … conformance.name()`.
    static func checksRun(by suite: String) throws -> Set<String> {
        let text = try String(contentsOf: directory.appendingPathComponent(suite), encoding: .utf8)
        return Set(text.matches(of: /conformance\.(\w+)\(\)/).map { String($0.1) })
    }

    @Test(arguments: backendSuites)
    func backendRunsEveryCheck(suite: String) throws {
        let checks = try Self.conformanceChecks()
        #expect(checks.count >= 19, "found only \(checks.count) conformance checks; did their layout change?")
        let run = try Self.checksRun(by: suite)
        #expect(checks.subtracting(run).isEmpty, "\(suite) does not run \(checks.subtracting(run).sorted())")
        #expect(run.subtracting(checks).isEmpty, "\(suite) runs unknown checks \(run.subtracting(checks).sorted())")
    }
}
