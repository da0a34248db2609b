import Foundation
import NIOConcurrencyHelpers
import Testing
@testable import TrustMonitorTestSupport
import TrustMonitorCore
import TrustMonitorStore

#if canImport(Glibc)
import Glibc
#endif

/// `kill -9` of a real `trustmonitor serve` child at arbitrary moments loses nothing and duplicates nothing.
@Suite(.serialized) struct CrashRestartTests {
    /// The binary `swift build --build-tests` builds beside the tests: in the running test bundle's directory (any
    /// `--scratch-path`), else in `.build/debug`.
    static var binary: String {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("trustmonitor").path
        if FileManager.default.isExecutableFile(atPath: beside) { return beside }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/trustmonitor").path
    }

    static func config(url: String, port: Int, directory: String) -> String {
        """
        server: {listen: 127.0.0.1:\(port), data_dir: \(directory)}
        storage: {sqlite: \(directory)/trustmonitor.db}
        monitors:
          - name: api
            url: \(url)
            interval: 500ms
            timeout: 400ms
            retry: {attempts: 1}
            verify: {probes: 1, quorum: 2, recheck_delay: 100ms}
        """
    }

    func launch(config: String) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = ["serve", "--config", config]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    func wait(within limit: Duration = .seconds(45), _ condition: () async throws -> Bool) async -> Bool {
        await eventually(within: limit, pollEvery: .milliseconds(100), condition)
    }

    /// Reads the store the way an operator would, from another process's file.
    func incidents(_ path: String) async throws -> [Incident] {
        let store = try await SQLiteStore.open(path: path)
        defer { Task { try? await store.close() } }
        return try await store.incidents(state: nil, monitor: nil, limit: 100)
    }

    @Test func sigkillAtAnyMomentLosesAndDuplicatesNothing() async throws {
        #expect(FileManager.default.isExecutableFile(atPath: Self.binary), "build the binary first: swift build")
        let down = NIOLockedValueBox(true)
        let server = try await TestServer.start { _ in down.withLockedValue { $0 } ? .respond(status: 503) : .ok() }
        let directory = NSTemporaryDirectory() + "tm-crash-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let configPath = directory + "/trustmonitor.yaml"
        let port = try await TestServer.closedPort()
        try Self.config(url: server.url("/"), port: port, directory: directory).write(toFile: configPath, atomically: true, encoding: .utf8)
        let database = directory + "/trustmonitor.db"

        var child = try launch(config: configPath)
        let opened = await wait { try await incidents(database).contains { $0.state == .open } }
        // Kill it at several moments while it keeps checking the failing target and writing.
        for pause in [150, 400, 50, 700] {
            kill(child.processIdentifier, SIGKILL)
            child.waitUntilExit()
            child = try launch(config: configPath)
            try await Task.sleep(for: .milliseconds(pause))
        }
        let checksBefore = server.requestCount
        _ = await wait { server.requestCount >= checksBefore + 5 }
        let whileDown = try await incidents(database)

        down.withLockedValue { $0 = false }
        let resolved = await wait { try await incidents(database).first?.state == .resolved }
        kill(child.processIdentifier, SIGKILL)
        child.waitUntilExit()
        child = try launch(config: configPath)
        try await Task.sleep(for: .milliseconds(800))
        child.terminate()
        child.waitUntilExit()
        let final = try await incidents(database)
        try await server.shutdown()

        #expect(opened)
        #expect(whileDown.count == 1, "one outage, one incident, across five restarts")
        #expect(resolved)
        #expect(final.count == 1)
        #expect(final.first?.state == .resolved)
        #expect(final.first?.verifications.count == 2)
        #expect(child.terminationStatus == 0, "SIGTERM is a graceful stop")
    }

    @Test func sighupReloadsAValidConfigAndRefusesAnInvalidOne() async throws {
        #expect(FileManager.default.isExecutableFile(atPath: Self.binary), "build the binary first: swift build")
        let server = try await TestServer.start(always: .ok())
        let directory = NSTemporaryDirectory() + "tm-reload-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let configPath = directory + "/trustmonitor.yaml"
        let port = try await TestServer.closedPort()
        let first = Self.config(url: server.url("/a"), port: port, directory: directory)
        try first.write(toFile: configPath, atomically: true, encoding: .utf8)
        let database = directory + "/trustmonitor.db"
        func monitorNames() async throws -> [String] {
            let store = try await SQLiteStore.open(path: database)
            defer { Task { try? await store.close() } }
            return try await store.monitors().filter { !$0.retired }.map(\.name).sorted()
        }

        let child = try launch(config: configPath)
        let started = await wait { try await monitorNames() == ["api"] }
        let second = first + """

              - name: second
                url: \(server.url("/b"))
                interval: 500ms
                timeout: 400ms
            """
        try second.write(toFile: configPath, atomically: true, encoding: .utf8)
        kill(child.processIdentifier, SIGHUP)
        let reloaded = await wait { try await monitorNames() == ["api", "second"] }
        let checkedSecond = await wait { server.receivedRequests.contains { $0.uri == "/b" } }

        try "monitors: [{name: broken, url: 'htp://x'}]\n".write(toFile: configPath, atomically: true, encoding: .utf8)
        kill(child.processIdentifier, SIGHUP)
        try await Task.sleep(for: .milliseconds(500))
        let afterInvalid = try await monitorNames()
        let stillRunning = child.isRunning
        child.terminate()
        child.waitUntilExit()
        try await server.shutdown()

        #expect(started && reloaded && checkedSecond)
        #expect(afterInvalid == ["api", "second"], "an invalid config changes nothing")
        #expect(stillRunning)
        #expect(child.terminationStatus == 0)
    }
}
