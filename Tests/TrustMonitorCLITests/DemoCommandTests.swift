import Foundation
import Testing
@testable import TrustMonitorTestSupport

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
#if canImport(Glibc)
import Glibc
#endif

/// The README's first command: `trustmonitor demo` starts, serves its four monitors, and stops cleanly.
@Suite struct DemoCommandTests {
    @Test func demoServesItsMonitorsAndStopsOnSIGTERM() async throws {
        #expect(FileManager.default.isExecutableFile(atPath: CrashRestartTests.binary), "build the binary first")
        let port = try await TestServer.closedPort()
        let directory = NSTemporaryDirectory() + "tm-demo-\(UUID().uuidString)"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CrashRestartTests.binary)
        process.arguments = ["demo", "--port", String(port), "--data-dir", directory]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()

        var states: [String: String] = [:]
        let clock = ContinuousClock()
        let end = clock.now + .seconds(20)
        while clock.now < end {
            if let url = URL(string: "http://127.0.0.1:\(port)/api/v1/monitors"),
               let (data, _) = try? await URLSession.shared.data(from: url),
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
        process.waitUntilExit()

        #expect(Set(states.keys) == ["healthy-api", "outage-api", "flaky-api", "wrong-body-api"])
        #expect(states["healthy-api"] == "up")
        #expect(process.terminationStatus == 0)
        #expect(FileManager.default.fileExists(atPath: directory + "/trustmonitor.db"))
    }
}
