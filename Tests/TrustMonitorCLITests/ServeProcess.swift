import Foundation
@testable import TrustMonitorTestSupport

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A real `trustmonitor serve` child process on a fresh data directory, with a known admin token
/// (`TRUSTMONITOR_ADMIN_TOKEN`), for tests that talk to the whole server as users and their tools do.
final class ServeProcess {
    /// A valid token secret: `tm_` and 43 base64url characters.
    static let adminToken = "tm_" + String(repeating: "A", count: 42) + "w"

    let base: String
    let directory: String
    private let process: Process

    private init(base: String, directory: String, process: Process) {
        self.base = base
        self.directory = directory
        self.process = process
    }

    /// Writes `config` (given the listen address and data directory to fill in), starts `serve` and returns once
    /// `/healthz` answers; throws when it does not within a minute (its stderr is in the error).
    static func start(config: (_ listen: String, _ directory: String) -> String) async throws -> ServeProcess {
        let directory = NSTemporaryDirectory() + "tm-serve-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let port = try await TestServer.closedPort()
        let path = directory + "/trustmonitor.yaml"
        try config("127.0.0.1:\(port)", directory).write(toFile: path, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CrashRestartTests.binary)
        process.arguments = ["serve", "--config", path]
        var environment = ProcessInfo.processInfo.environment
        environment["TRUSTMONITOR_ADMIN_TOKEN"] = adminToken
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        _ = FileManager.default.createFile(atPath: directory + "/serve.stderr", contents: nil)
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: directory + "/serve.stderr"))
        try process.run()
        let served = ServeProcess(base: "http://127.0.0.1:\(port)", directory: directory, process: process)
        let up = await eventually(within: .seconds(60), pollEvery: .milliseconds(100)) {
            let (_, response) = try await URLSession.shared.data(from: try url(served.base + "/healthz"))
            return (response as? HTTPURLResponse)?.statusCode == 200
        }
        guard up else {
            served.stop()
            throw NotServing(stderr: served.stderr)
        }
        return served
    }

    struct NotServing: Error, CustomStringConvertible {
        let stderr: String
        var description: String { "serve did not answer /healthz within a minute; stderr:\n\(stderr)" }
    }

    var stderr: String { (try? String(contentsOfFile: directory + "/serve.stderr", encoding: .utf8)) ?? "" }

    /// SIGTERM, then waits for the child to exit.
    func stop() {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }

    private static func url(_ text: String) throws -> URL {
        guard let url = URL(string: text) else { throw URLError(.badURL) }
        return url
    }
}
