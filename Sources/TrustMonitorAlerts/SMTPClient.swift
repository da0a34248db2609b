import Foundation
import NIOSSL
import TrustMonitorCore

/// Sends one email over SMTP (RFC 5321): EHLO, STARTTLS when configured (then EHLO again), AUTH when a
/// username is set, MAIL FROM, RCPT TO for each recipient, DATA, QUIT.
///
/// A minimal client for one relay, not a mail transfer agent: no MX lookup, no queue; the outbox retries.
/// Never downgrades: with `starttls` on, a server that does not offer it is a failure, not a plain send,
/// and credentials never cross a plain connection except to this machine.
struct SMTPClient: Sendable {
    let settings: SMTPSettings
    /// The whole conversation's: every step, connecting included, ends by then.
    let timeout: Duration
    /// Trusted besides the system's roots (tests' own CA; an internal relay's).
    let additionalTrustRoots: [NIOSSLCertificate]

    /// Why a conversation stopped before the message was accepted.
    private enum Stop: Error {
        /// The server answered `reply` to `step`: 4xx is worth another try, anything else is not.
        case refused(step: String, reply: SMTPReply)
        /// The server cannot be used as configured (no STARTTLS, no usable AUTH): trying again will not help.
        case unusable(String)
        /// No reply: the connection, TLS or a timeout. Worth another try.
        case unanswered(step: String, reason: String)
    }

    func send(_ mail: EmailMessage) async -> DeliveryOutcome {
        if settings.username != nil, !settings.startTLS, !settings.isLoopback {
            return .failed(reason: "SMTP \(settings.address): refusing to send credentials without TLS "
                + "(set starttls: true)")
        }
        let tls: NIOSSLContext?
        do { tls = settings.startTLS ? try makeTLSContext() : nil } catch {
            return .failed(reason: "SMTP \(settings.address): cannot set up TLS: \(error)")
        }
        do {
            return try await SMTPConnection.withConnection(host: settings.host, port: settings.port,
                                                           timeout: timeout) { connection in
                do throws(Stop) {
                    return try await converse(connection, mail: mail, tls: tls)
                } catch {
                    // Politely, and without waiting for a server that may be the problem.
                    if case .refused = error { _ = try? await connection.exchange("QUIT\r\n") }
                    throw error
                }
            }
        } catch let stop as Stop {
            return outcome(of: stop)
        } catch {
            return .retry(after: nil, reason: "SMTP \(settings.address): cannot connect: \(error)")
        }
    }

    private func converse(_ connection: SMTPConnection, mail: EmailMessage,
                          tls: NIOSSLContext?) async throws(Stop) -> DeliveryOutcome {
        try await step("greeting", connection, nil, expect: 220)
        let hello = "EHLO \(connection.addressLiteral)"
        var ehlo = try await step("EHLO", connection, hello, expect: 250)
        if let tls {
            guard ehlo.offers("STARTTLS") else {
                throw .unusable("the server does not offer STARTTLS (starttls: true)")
            }
            try await step("STARTTLS", connection, "STARTTLS", expect: 220)
            do { try await connection.startTLS(context: tls, serverHostname: serverHostname) } catch {
                throw .unanswered(step: "STARTTLS", reason: "\(error)")
            }
            ehlo = try await step("EHLO after STARTTLS", connection, hello, expect: 250)
        }
        if let username = settings.username, let password = settings.password {
            try await authenticate(connection, offered: ehlo.authMechanisms, username: username, password: password)
        }
        try await step("MAIL FROM", connection, "MAIL FROM:<\(mail.sender)>", expect: 250)
        for recipient in mail.recipients {
            try await step("RCPT TO <\(recipient)>", connection, "RCPT TO:<\(recipient)>", expect: 250, 251)
        }
        try await step("DATA", connection, "DATA", expect: 354)
        let accepted = try await step("end of data", connection, raw: Self.dataSection(mail.text), expect: [250])
        _ = try? await connection.command("QUIT")
        return .delivered(status: accepted.code, answer: accepted.description.truncated(to: HTTPAnswer.excerptLength))
    }

    /// AUTH PLAIN (RFC 4616) when offered, else LOGIN; the secrets go base64-encoded and never into a reason.
    private func authenticate(_ connection: SMTPConnection, offered: Set<String>, username: String,
                              password: String) async throws(Stop) {
        guard connection.isTLS || settings.isLoopback else {
            throw .unusable("refusing to send credentials without TLS")
        }
        if offered.contains("PLAIN") {
            let token = Data([0] + Array(username.utf8) + [0] + Array(password.utf8)).base64EncodedString()
            try await step("AUTH PLAIN", connection, "AUTH PLAIN \(token)", expect: 235)
        } else if offered.contains("LOGIN") {
            try await step("AUTH LOGIN", connection, "AUTH LOGIN", expect: 334)
            try await step("AUTH LOGIN", connection, Data(username.utf8).base64EncodedString(), expect: 334)
            try await step("AUTH LOGIN", connection, Data(password.utf8).base64EncodedString(), expect: 235)
        } else {
            throw .unusable("the server offers neither AUTH PLAIN nor AUTH LOGIN"
                + (offered.isEmpty ? "" : " (it offers \(offered.sorted().joined(separator: " ")))"))
        }
    }

    /// Sends a command line and checks that the reply's code is one of `codes`.
    @discardableResult
    private func step(_ name: String, _ connection: SMTPConnection, _ line: String?,
                      expect codes: Int...) async throws(Stop) -> SMTPReply {
        try await step(name, connection, raw: line.map { $0 + "\r\n" }, expect: codes)
    }

    private func step(_ name: String, _ connection: SMTPConnection, raw: String?,
                      expect codes: [Int]) async throws(Stop) -> SMTPReply {
        let reply: SMTPReply
        do { reply = try await connection.exchange(raw) } catch {
            throw .unanswered(step: name, reason: error.reason)
        }
        guard codes.contains(reply.code) else { throw .refused(step: name, reply: reply) }
        return reply
    }

    private func outcome(of stop: Stop) -> DeliveryOutcome {
        let server = "SMTP \(settings.address)"
        switch stop {
        case .refused(let step, let reply) where (400..<500).contains(reply.code):
            return .retry(after: nil, reason: "\(server) answered \(step) with \(reply)")
        case .refused(let step, let reply):
            return .failed(reason: "\(server) refused \(step): \(reply)")
        case .unusable(let reason):
            return .failed(reason: "\(server): \(reason)")
        case .unanswered(let step, let reason):
            return .retry(after: nil, reason: "\(server): \(step): \(reason)")
        }
    }

    /// The message for DATA: lines starting with a dot get another (RFC 5321 section 4.5.2), then the
    /// terminating `.` line.
    static func dataSection(_ text: String) -> String {
        var lines = text.components(separatedBy: "\r\n")
        if lines.last == "" { lines.removeLast() }
        return lines.map { $0.hasPrefix(".") ? "." + $0 : $0 }.joined(separator: "\r\n") + "\r\n.\r\n"
    }

    /// SNI and the name checked against the certificate; an IP literal is checked as an address instead.
    private var serverHostname: String? {
        settings.host.contains(":") || settings.host.allSatisfy({ $0.isNumber || $0 == "." }) ? nil : settings.host
    }

    private func makeTLSContext() throws -> NIOSSLContext {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = .tlsv12
        if !additionalTrustRoots.isEmpty { configuration.additionalTrustRoots = [.certificates(additionalTrustRoots)] }
        return try NIOSSLContext(configuration: configuration)
    }
}
