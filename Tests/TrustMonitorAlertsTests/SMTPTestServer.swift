import Foundation
@testable import TrustMonitorTestSupport

/// A real SMTP server, aiosmtpd run by `Tests/interop/smtp_server.py`, on 127.0.0.1 and a port the kernel
/// picks. The Python comes from `TRUSTMONITOR_INTEROP_PYTHON`, which `scripts/test` sets up.
final class SMTPTestServer {
    static let environmentVariable = "TRUSTMONITOR_INTEROP_PYTHON"

    struct Unavailable: Error, CustomStringConvertible {
        let description: String
    }

    /// One message as the server accepted it.
    struct Received: Decodable {
        var mailFrom: String
        var rcptTos: [String]
        var data: String
        var tls: Bool
        var authUser: String?

        enum CodingKeys: String, CodingKey {
            case data, tls
            case mailFrom = "mail_from", rcptTos = "rcpt_tos", authUser = "auth_user"
        }
    }

    let port: Int
    private let process: Process
    private let input: Pipe
    private let directory: URL

    private init(port: Int, process: Process, input: Pipe, directory: URL) {
        self.port = port
        self.process = process
        self.input = input
        self.directory = directory
    }

    static var script: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("interop/smtp_server.py")
    }

    /// Starts a server; with `tls` it offers (and requires) STARTTLS, with `user` it requires AUTH.
    static func start(tls: TestTLSIdentity? = nil, user: String? = nil, password: String? = nil) async throws -> SMTPTestServer {
        guard let python = ProcessInfo.processInfo.environment[environmentVariable], !python.isEmpty else {
            let message = "\(environmentVariable) is unset: the email tests need aiosmtpd; run scripts/test "
                + "(or pip install -r Tests/interop/requirements.txt and set \(environmentVariable))"
            throw Unavailable(description: message)
        }
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("trustmonitor-smtp-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var arguments = [script.path, directory.appendingPathComponent("received.jsonl").path]
        if let tls {
            let cert = directory.appendingPathComponent("cert.pem"), key = directory.appendingPathComponent("key.pem")
            try Data(tls.certificatePEM.utf8).write(to: cert)
            try Data(tls.privateKeyPEM.utf8).write(to: key)
            arguments += ["--cert", cert.path, "--key", key.path]
        }
        if let user, let password { arguments += ["--user", user, "--password", password] }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = arguments
        // Output goes to files: a pipe nobody reads could fill up and block the server.
        let out = directory.appendingPathComponent("stdout"), err = directory.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        let input = Pipe()
        process.standardInput = input
        try process.run()

        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            let text = (try? String(contentsOf: out, encoding: .utf8)) ?? ""
            if let line = text.split(separator: "\n").first(where: { $0.hasPrefix("PORT ") }), let port = Int(line.dropFirst(5)) {
                return SMTPTestServer(port: port, process: process, input: input, directory: directory)
            }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        let stderr = (try? String(contentsOf: err, encoding: .utf8)) ?? ""
        if process.isRunning { process.terminate() }
        let message = "smtp_server.py did not start (\(python)):\n\(stderr)"
        throw Unavailable(description: message)
    }

    /// Every message accepted so far, in order.
    func received() throws -> [Received] {
        let file = directory.appendingPathComponent("received.jsonl")
        guard let text = try? String(contentsOf: file, encoding: .utf8) else { return [] }
        return try text.split(separator: "\n").map { try JSONDecoder().decode(Received.self, from: Data($0.utf8)) }
    }

    /// Ends the server (closing its stdin is its signal) and removes its files.
    func stop() async {
        try? input.fileHandleForWriting.close()
        let deadline = Date().addingTimeInterval(5)
        while process.isRunning && Date() < deadline { try? await Task.sleep(for: .milliseconds(20)) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: directory)
    }
}
