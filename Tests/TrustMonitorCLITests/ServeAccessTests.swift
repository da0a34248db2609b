import Foundation
import Testing
import TrustMonitorServer
@testable import TrustMonitorTestSupport

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `serve` as an operator starts it: the first admin token printed once, the operator's own token kept and never
/// printed, a malformed one refused before anything starts.
@Suite(.serialized) struct ServeAccessTests {
    /// Runs `serve` on `directory`'s config with `environment` added until `/healthz` answers, then stops it;
    /// returns what it wrote to stderr. With `until`, also waits for that in stderr.
    static func serveOnce(_ directory: String, port: Int, environment: [String: String] = [:],
                          _ body: (String) async throws -> Void = { _ in }) async throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CrashRestartTests.binary)
        process.arguments = ["serve", "--config", directory + "/trustmonitor.yaml"]
        process.environment = ProcessInfo.processInfo.environment.filter { $0.key != "TRUSTMONITOR_ADMIN_TOKEN" }
            .merging(environment) { $1 }
        let log = directory + "/serve-\(UUID().uuidString).stderr"
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let base = "http://127.0.0.1:\(port)"
        let up = await eventually(within: .seconds(60), pollEvery: .milliseconds(100)) {
            try await TestHTTP.send("GET", base + "/healthz").status == 200
        }
        if up { try await body(base) }
        process.terminate()
        process.waitUntilExit()
        let stderr = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        #expect(up, "serve did not come up: \(stderr)")
        return stderr
    }

    static func directory() async throws -> (path: String, port: Int) {
        let directory = NSTemporaryDirectory() + "tm-serve-access-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let port = try await TestServer.closedPort()
        try "server: {listen: 127.0.0.1:\(port), data_dir: \(directory)}\nmonitors: []\n"
            .write(toFile: directory + "/trustmonitor.yaml", atomically: true, encoding: .utf8)
        return (directory, port)
    }

    @Test func theFirstStartPrintsATokenThatWorksAndTheSecondNone() async throws {
        #expect(FileManager.default.isExecutableFile(atPath: CrashRestartTests.binary), "build the binary first")
        let (directory, port) = try await Self.directory()
        let first = try await Self.serveOnce(directory, port: port)
        let token = try #require(first.split(whereSeparator: \.isWhitespace).map(String.init).first(where: APIToken.isWellFormed),
                                 "no token in: \(first)")
        #expect(first.contains("will not be shown again") && first.contains("http://127.0.0.1:\(port)/login"))
        let second = try await Self.serveOnce(directory, port: port) { base in
            let me = try await TestHTTP.send("GET", base + "/api/v1/me", bearer: token)
            #expect(me.status == 200 && me.json["name"] as? String == "admin" && me.json["scopes"] as? [String] == ["admin"])
            #expect(try await TestHTTP.send("GET", base + "/api/v1/me").status == 401)
        }
        #expect(!second.contains("tm_") && !second.contains("admin token"), "printed again: \(second)")
    }

    @Test func theOperatorsTokenWorksAndNeverReachesTheLog() async throws {
        let (directory, port) = try await Self.directory()
        let token = APIToken.generate()
        let stderr = try await Self.serveOnce(directory, port: port, environment: ["TRUSTMONITOR_ADMIN_TOKEN": token]) { base in
            #expect(try await TestHTTP.send("GET", base + "/api/v1/me", bearer: token).status == 200)
            let created = try await TestHTTP.send("POST", base + "/api/v1/tokens", bearer: token,
                                                  json: #"{"name": "ci", "scopes": ["read"]}"#)
            let secret = try #require(created.json["token"] as? String)
            #expect(try await TestHTTP.send("GET", base + "/metrics", bearer: secret).status == 200)
            #expect(try await TestHTTP.send("GET", base + "/metrics").status == 401)
            let signIn = try await TestHTTP.send("POST", base + "/login", form: [("token", secret)])
            #expect(signIn.status == 303)
        }
        #expect(stderr.contains("from TRUSTMONITOR_ADMIN_TOKEN") && !stderr.contains(token), "\(stderr)")
        #expect(!stderr.contains("tm_"), "no token secret in the server's output: \(stderr)")
    }

    @Test func aMalformedOperatorTokenIsExit2() async throws {
        let (directory, _) = try await Self.directory()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CrashRestartTests.binary)
        process.arguments = ["serve", "--config", directory + "/trustmonitor.yaml"]
        process.environment = ProcessInfo.processInfo.environment.merging(["TRUSTMONITOR_ADMIN_TOKEN": "hunter2"]) { $1 }
        let pipe = Pipe()
        process.standardError = pipe
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let stderr = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 2)
        #expect(stderr.contains("TRUSTMONITOR_ADMIN_TOKEN must be an API token") && !stderr.contains("hunter2"), "\(stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory + "/trustmonitor.db"), "nothing was started")
    }
}
