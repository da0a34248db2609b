import Foundation

/// Runs one of the Python tools under `Tests/interop/` (independent verifiers and checkers we did not write) with
/// the interpreter `scripts/test` prepares in `.build-py/` and exports as `TRUSTMONITOR_INTEROP_PYTHON`; without
/// it, `python3` from PATH, which then needs `pip install -r Tests/interop/requirements.txt`.
enum InteropScript {
    static let environmentVariable = "TRUSTMONITOR_INTEROP_PYTHON"

    struct Run: Sendable {
        var status: Int32
        var stdout: String
        var stderr: String
        /// Whether the script ran out of time and was stopped.
        var timedOut: Bool
        var transcript: String { "exit \(status)\(timedOut ? " (timed out)" : "")\n--- stdout\n\(stdout)--- stderr\n\(stderr)" }
    }

    /// `Tests/interop/NAME`.
    static func path(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("interop").appendingPathComponent(name).path
    }

    static var interpreter: [String] {
        if let python = ProcessInfo.processInfo.environment[environmentVariable], !python.isEmpty { return [python] }
        return ["/usr/bin/env", "python3"]
    }

    /// Runs `arguments` (a script path first, or `-m module`) and waits without blocking a thread; output goes to
    /// files, since a full pipe would block the child while we wait for it.
    static func run(_ arguments: [String], timeout: Duration = .seconds(300)) async throws -> Run {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tm-interop-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("stdout"), err = directory.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        let outHandle = try FileHandle(forWritingTo: out), errHandle = try FileHandle(forWritingTo: err)
        defer { try? outHandle.close(); try? errHandle.close() }
        let command = interpreter + arguments
        let process = Process()
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        process.standardOutput = outHandle
        process.standardError = errHandle
        process.standardInput = FileHandle.nullDevice
        process.currentDirectoryURL = directory
        try process.run()
        let clock = ContinuousClock(), end = clock.now + timeout
        while process.isRunning && clock.now < end { try? await Task.sleep(for: .milliseconds(50)) }
        let timedOut = process.isRunning
        if timedOut { process.terminate() }
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: (try? String(contentsOf: out, encoding: .utf8)) ?? "",
                   stderr: (try? String(contentsOf: err, encoding: .utf8)) ?? "", timedOut: timedOut)
    }
}
