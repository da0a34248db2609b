import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// What a bare client saw on one connection: every byte it received and how the connection
/// ended. Used to check the test servers themselves, below any HTTP client's interpretation.
struct RawExchange: Sendable {
    enum Ending: Sendable, Equatable {
        /// The server closed the connection (cleanly, or with close_notify under TLS).
        case closedByServer
        /// Reading failed: a reset, a TLS handshake failure, a truncated TLS stream.
        case failed(String)
        /// Still open when the client stopped waiting.
        case stillOpen

        /// Whether reading failed because the peer sent a TCP RST.
        var isReset: Bool {
            guard case .failed(let reason) = self else { return false }
            return reason.contains("Connection reset by peer")
        }
    }

    let received: [UInt8]
    let ending: Ending

    var text: String { String(decoding: self.received, as: UTF8.self) }

    /// The status code from an `HTTP/1.1 NNN` status line, if the bytes start with one.
    var statusCode: Int? {
        let firstLine = self.received.prefix { $0 != UInt8(ascii: "\r") }
        let line = String(decoding: firstLine, as: UTF8.self).split(separator: " ")
        guard line.count >= 2, line[0].hasPrefix("HTTP/1.") else { return nil }
        return Int(line[1])
    }

    /// The bytes after the blank line that ends the head, exactly as sent (still chunk-framed).
    var body: [UInt8] {
        guard let headEnd = self.headEnd else { return [] }
        return Array(self.received[headEnd...])
    }

    /// The first value of a header in the head, matched case-insensitively.
    func header(_ name: String) -> String? {
        let head = String(decoding: self.received[..<(self.headEnd ?? self.received.endIndex)], as: UTF8.self)
        for line in head.components(separatedBy: "\r\n").dropFirst() {
            let parts = line.split(separator: ":", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == name.lowercased() {
                return parts[1].trimmingCharacters(in: .whitespaces)
            }
        }
        return nil
    }

    /// Where the body starts: just past the first blank line.
    private var headEnd: Int? {
        let separator = Array("\r\n\r\n".utf8)
        let start = self.received.indices.first { self.received[$0...].starts(with: separator) }
        return start.map { $0 + separator.count }
    }

    /// Connects to `host` (127.0.0.1 unless said) port `port` (over TLS trusting only `tls.trusting` when given),
    /// sends `request` as is, and collects bytes until the connection ends or `waitAtMost` passes.
    static func perform(
        host: String = "127.0.0.1",
        port: Int,
        request: String = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
        tls: (trusting: String, hostname: String)? = nil,
        waitAtMost: TimeAmount = .seconds(10)
    ) async throws -> RawExchange {
        let sslContext = try tls.map { tls in
            var configuration = TLSConfiguration.makeClientConfiguration()
            let root = try NIOSSLCertificate(bytes: Array(tls.trusting.utf8), format: .pem)
            configuration.trustRoots = .certificates([root])
            return try NIOSSLContext(configuration: configuration)
        }
        let group = MultiThreadedEventLoopGroup.singleton
        let promise = group.next().makePromise(of: RawExchange.self)
        let connecting = ClientBootstrap(group: group)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let pipeline = channel.pipeline.syncOperations
                    if let sslContext, let tls {
                        try pipeline.addHandler(NIOSSLClientHandler(context: sslContext, serverHostname: tls.hostname))
                    }
                    try pipeline.addHandler(Collector(promise: promise))
                }
            }
            .connect(host: host, port: port)
        let channel: any Channel
        do {
            channel = try await connecting.get()
        } catch {
            promise.fail(error)  // a promise left unfulfilled is a crash in debug builds
            throw error
        }
        let deadline = channel.eventLoop.scheduleTask(in: waitAtMost) {
            channel.pipeline.fireUserInboundEventTriggered(Collector.StopWaiting())
        }
        channel.writeAndFlush(channel.allocator.buffer(string: request), promise: nil)
        defer { deadline.cancel() }
        return try await promise.futureResult.get()
    }

    private final class Collector: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        struct StopWaiting: Sendable {}

        private let promise: EventLoopPromise<RawExchange>
        private var received: [UInt8] = []
        private var finished = false

        init(promise: EventLoopPromise<RawExchange>) { self.promise = promise }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            self.unwrapInboundIn(data).withUnsafeReadableBytes { self.received.append(contentsOf: $0) }
        }

        func channelInactive(context: ChannelHandlerContext) {
            self.finish(.closedByServer)
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            self.finish(.failed(String(describing: error)))
            context.close(promise: nil)
        }

        func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
            guard event is StopWaiting else { return context.fireUserInboundEventTriggered(event) }
            self.finish(.stillOpen)
            context.close(promise: nil)
        }

        /// Only the first ending counts: an error is followed by `channelInactive`.
        private func finish(_ ending: Ending) {
            guard !self.finished else { return }
            self.finished = true
            self.promise.succeed(RawExchange(received: self.received, ending: ending))
        }
    }
}
