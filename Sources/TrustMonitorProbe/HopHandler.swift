import NIOCore
import NIOHTTP1
import NIOSSL
import NIOTLS
import TrustMonitorCore

/// What one connection to one address produced, before judging: timings, the response, or the failure.
struct HopOutcome: Sendable {
    var phases = Phases()
    var remoteAddress: String?
    var status: Int?
    var headers: [HeaderField] = []
    var body: [UInt8] = []
    var bodyTruncated = false
    var certificate: CertificateInfo?
    var failure: Failure?
}

/// Drives one HTTP exchange on a fresh connection and times each phase as it happens.
///
/// It sits at the end of the pipeline (after TLS and the HTTP codec) and sees every event, so one object
/// knows which phase the exchange is in when an error, a close or the deadline arrives, and names the
/// failure accordingly. Confined to the channel's event loop.
final class HopHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundOut = HTTPClientRequestPart

    enum Phase { case connecting, handshaking, awaitingHead, readingBody, finished }

    private let request: HopRequest
    private let tlsRecorder: TLSVerificationRecorder?
    private let promise: EventLoopPromise<HopOutcome>
    private let startedAt: NIODeadline
    private var phase = Phase.connecting
    private var outcome = HopOutcome()
    private var connectedAt: NIODeadline?
    private var requestSentAt: NIODeadline?
    private var headAt: NIODeadline?
    private var deadlineTask: Scheduled<Void>?

    init(request: HopRequest, tlsRecorder: TLSVerificationRecorder?, startedAt: NIODeadline,
         promise: EventLoopPromise<HopOutcome>) {
        self.request = request
        self.tlsRecorder = tlsRecorder
        self.startedAt = startedAt
        self.promise = promise
        self.outcome.body.reserveCapacity(min(request.maxBodyBytes, 16 * 1024))
    }

    func handlerAdded(context: ChannelHandlerContext) {
        let loopBoundContext = NIOLoopBound(context, eventLoop: context.eventLoop)
        let loopBoundSelf = NIOLoopBound(self, eventLoop: context.eventLoop)
        deadlineTask = context.eventLoop.scheduleTask(deadline: request.deadline) {
            loopBoundSelf.value.deadlinePassed(context: loopBoundContext.value)
        }
        if context.channel.isActive { connectionEstablished(context: context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        connectionEstablished(context: context)
        context.fireChannelActive()
    }

    private func connectionEstablished(context: ChannelHandlerContext) {
        guard phase == .connecting else { return }
        let now = NIODeadline.now()
        connectedAt = now
        outcome.phases.connect = Self.ms(from: startedAt, to: now)
        outcome.remoteAddress = context.channel.remoteAddress.map(Self.describe)
        if request.target.scheme == .tcp {
            finish(context: context, failure: nil)
        } else if request.useTLS {
            phase = .handshaking
        } else {
            sendRequest(context: context)
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case TLSUserEvent.handshakeCompleted = event, phase == .handshaking {
            outcome.phases.tls = Self.ms(from: connectedAt ?? startedAt, to: .now())
            outcome.certificate = tlsRecorder?.leafCertificateInfo
            sendRequest(context: context)
        }
        context.fireUserInboundEventTriggered(event)
    }

    private func sendRequest(context: ChannelHandlerContext) {
        phase = .awaitingHead
        var head = HTTPRequestHead(version: .http1_1, method: HTTPMethod(rawValue: request.method),
                                   uri: request.target.pathAndQuery)
        head.headers = request.headers
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        if let body = request.body, !body.isEmpty {
            context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: body)))),
                          promise: nil)
        }
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        requestSentAt = .now()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard phase == .awaitingHead || phase == .readingBody else { return }
        switch unwrapInboundIn(data) {
        case .head(let head):
            let now = NIODeadline.now()
            headAt = now
            outcome.phases.ttfb = Self.ms(from: requestSentAt ?? now, to: now)
            outcome.status = Int(head.status.code)
            outcome.headers = head.headers.map { HeaderField(name: $0.name, value: $0.value) }
            phase = .readingBody
        case .body(var buffer):
            let room = request.maxBodyBytes - outcome.body.count
            if buffer.readableBytes > room {
                if room > 0, let bytes = buffer.readBytes(length: room) { outcome.body += bytes }
                outcome.bodyTruncated = true
                finish(context: context, failure: nil)
            } else if let bytes = buffer.readBytes(length: buffer.readableBytes) {
                outcome.body += bytes
            }
        case .end:
            finish(context: context, failure: nil)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard phase != .finished else { return }
        finish(context: context, failure: FailureClassifier.classify(
            error, phase: phase, host: request.target.host, tls: tlsRecorder))
    }

    func channelInactive(context: ChannelHandlerContext) {
        if phase != .finished {
            finish(context: context, failure: FailureClassifier.closedEarly(phase: phase, tls: tlsRecorder))
        }
        context.fireChannelInactive()
    }

    private func deadlinePassed(context: ChannelHandlerContext) {
        guard phase != .finished else { return }
        let limit = DurationText.format(.nanoseconds(request.deadline.uptimeNanoseconds
            - min(startedAt.uptimeNanoseconds, request.deadline.uptimeNanoseconds)))
        finish(context: context, failure: FailureClassifier.timedOut(phase: phase, after: limit))
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        deadlineTask?.cancel()
        // While connecting, a failed connect is reported (and named) by `HopConnector`, the owner of that
        // phase; completing here first would misname a refused connection as a torn-down one.
        if phase != .finished && phase != .connecting {
            phase = .finished
            promise.succeed(finalOutcome(failure: Failure(.connectionReset, "connection torn down")))
        }
    }

    private func finish(context: ChannelHandlerContext, failure: Failure?) {
        guard phase != .finished else { return }
        let readingBody = phase == .readingBody
        phase = .finished
        deadlineTask?.cancel()
        var result = finalOutcome(failure: failure)
        if readingBody, let headAt { result.phases.transfer = Self.ms(from: headAt, to: .now()) }
        promise.succeed(result)
        context.close(promise: nil)
    }

    private func finalOutcome(failure: Failure?) -> HopOutcome {
        var result = outcome
        result.failure = failure
        if result.certificate == nil { result.certificate = tlsRecorder?.leafCertificateInfo }
        result.phases.total = Self.ms(from: startedAt, to: .now())
        return result
    }

    static func ms(from start: NIODeadline, to end: NIODeadline) -> Double {
        Double(Int64(end.uptimeNanoseconds) - Int64(start.uptimeNanoseconds)) / 1_000_000
    }

    static func describe(_ address: SocketAddress) -> String {
        switch address {
        case .v6: return "[\(address.ipAddress ?? "?")]:\(address.port ?? 0)"
        default: return "\(address.ipAddress ?? "?"):\(address.port ?? 0)"
        }
    }
}
