import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL
import TrustMonitorCore

/// One SMTP connection: sends commands and reads replies until the attempt's deadline, which closes the
/// connection wherever the conversation is, so a server that stalls at any step (or answers each step just
/// in time) ends the attempt on time: one attempt must end well within the outbox's delivery lease.
///
/// Used by one task at a time (the conversation in `SMTPClient`), inside `withConnection`, which closes it.
final class SMTPConnection {
    /// Why an exchange got no reply.
    struct NoReply: Error {
        var reason: String
    }

    private let channel: any Channel
    private var replies: NIOAsyncChannelInboundStream<SMTPReply>.AsyncIterator
    private let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    private let timeout: Duration
    private let expired: NIOLockedValueBox<Bool>
    private(set) var isTLS = false

    private init(channel: any Channel, inbound: NIOAsyncChannelInboundStream<SMTPReply>,
                 outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>, timeout: Duration,
                 expired: NIOLockedValueBox<Bool>) {
        self.channel = channel
        self.replies = inbound.makeAsyncIterator()
        self.outbound = outbound
        self.timeout = timeout
        self.expired = expired
    }

    /// Connects, runs `body`, closes; all within `timeout` from now.
    static func withConnection<Result>(host: String, port: Int, timeout: Duration,
                                       _ body: (SMTPConnection) async throws -> Result) async throws -> Result {
        let deadline = NIODeadline.now() + TimeAmount(timeout)
        let asyncChannel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(TimeAmount(timeout))
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(SMTPReplyDecoder()))
                    return try NIOAsyncChannel<SMTPReply, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        let channel = asyncChannel.channel, expired = NIOLockedValueBox(false)
        let timer = channel.eventLoop.scheduleTask(deadline: deadline) {
            expired.withLockedValue { $0 = true }
            channel.close(promise: nil)
        }
        defer { timer.cancel() }
        return try await asyncChannel.executeThenClose { inbound, outbound in
            try await body(SMTPConnection(channel: channel, inbound: inbound, outbound: outbound, timeout: timeout,
                                          expired: expired))
        }
    }

    /// How this end names itself in EHLO: its address literal (RFC 5321 section 4.1.3), which is always
    /// true, where a host name would have to be a resolvable FQDN.
    var addressLiteral: String {
        switch channel.localAddress {
        case .v4(let address)?: return "[\(address.host)]"
        case .v6(let address)?: return "[IPv6:\(address.host)]"
        default: return "[127.0.0.1]"
        }
    }

    /// Sends one command line and waits for its reply.
    func command(_ line: String) async throws(NoReply) -> SMTPReply {
        try await exchange(line + "\r\n")
    }

    /// Sends `text` as it is (nil: sends nothing, for the greeting) and waits for the reply.
    func exchange(_ text: String?) async throws(NoReply) -> SMTPReply {
        do {
            if let text { try await outbound.write(ByteBuffer(string: text)) }
            if let reply = try await replies.next() { return reply }
            throw NoReply(reason: "the server closed the connection")
        } catch {
            if expired.withLockedValue({ $0 }) {
                throw NoReply(reason: "no reply within the attempt's \(DurationText.format(timeout))")
            }
            if let noReply = error as? NoReply { throw noReply }
            throw NoReply(reason: "\(error)")
        }
    }

    /// Puts TLS under the conversation (after STARTTLS's 220); the handshake runs with the next write.
    func startTLS(context: NIOSSLContext, serverHostname: String?) async throws {
        try await channel.eventLoop.submit { [channel] in
            let handler = try NIOSSLClientHandler(context: context, serverHostname: serverHostname)
            try channel.pipeline.syncOperations.addHandler(handler, position: .first)
        }.get()
        isTLS = true
    }
}
