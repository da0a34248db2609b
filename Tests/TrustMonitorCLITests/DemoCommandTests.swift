import Foundation
import Testing
@testable import TrustMonitorTestSupport

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
#if canImport(Glibc)
import Glibc
#endif

/// The README's first command: `trustmonitor demo` starts, serves its five monitors, and stops cleanly.
@Suite struct DemoCommandTests {
    @Test func demoServesItsMonitorsAndStopsOnSIGTERM() async throws {
        #expect(FileManager.default.isExecutableFile(atPath: CrashRestartTests.binary), "build the binary first")
        let port = try await TestServer.closedPort()
        let directory = NSTemporaryDirectory() + "tm-demo-\(UUID().uuidString)"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CrashRestartTests.binary)
        process.arguments = ["demo", "--port", String(port), "--data-dir", directory]
        // The demo's admin token, which its hints print: the operator's when set, as here.
        let token = "tm_" + String(repeating: "d", count: 42) + "A"
        process.environment = ProcessInfo.processInfo.environment.merging(["TRUSTMONITOR_ADMIN_TOKEN": token]) { $1 }
        process.standardOutput = FileHandle.nullDevice
        let hints = Pipe()
        process.standardError = hints
        try process.run()

        var listing = URLRequest(url: try #require(URL(string: "http://127.0.0.1:\(port)/api/v1/monitors")))
        listing.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        var states: [String: String] = [:]
        let clock = ContinuousClock()
        let end = clock.now + .seconds(20)
        while clock.now < end {
            if let (data, _) = try? await URLSession.shared.data(for: listing),
               let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
               let monitors = object["monitors"] as? [[String: Any]] {
                states = Dictionary(uniqueKeysWithValues: monitors.compactMap { monitor in
                    (monitor["name"] as? String).map { ($0, monitor["state"] as? String ?? "") }
                })
                if states["healthy-api"] == "up" { break }
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        process.terminate()
        let printed = String(decoding: hints.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(printed.contains("curl -s -H 'Authorization: Bearer \(token)' http://127.0.0.1:\(port)/api/v1/monitors"),
                "the hints work as printed: \(printed)")

        #expect(Set(states.keys) == ["healthy-api", "outage-api", "flaky-api", "wrong-body-api", "slow-api"])
        #expect(states["healthy-api"] == "up")
        #expect(process.terminationStatus == 0)
        #expect(FileManager.default.fileExists(atPath: directory + "/trustmonitor.db"))
    }
}
