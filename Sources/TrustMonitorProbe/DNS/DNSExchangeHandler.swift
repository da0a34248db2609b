import NIOCore

/// Runs one lookup's UDP exchange on its own socket: sends the A and AAAA queries, resends the unanswered ones
/// once, and completes the promise exactly once, at the latest at the deadline. Lives on the channel's event
/// loop, so its state needs no locks.
final class DNSExchangeHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    typealias OutboundOut = AddressedEnvelope<ByteBuffer>

    /// One query as sent, kept to match its response by ID and to resend it.
    struct Query: Sendable {
        let id: UInt16
        let type: DNSRecordType
        let bytes: [UInt8]
    }

    /// Everything the exchange needs, built before the channel exists so it can cross into the initializer.
    struct Plan: Sendable {
        let queries: [Query]
        let nameserver: SocketAddress
        let port: Int
        let deadline: NIODeadline
        let lookup: DNSLookup
    }

    /// How long to wait for the second family once the first has addresses (RFC 8305 Resolution Delay).
    static let secondFamilyGrace = TimeAmount.milliseconds(50)

    private let plan: Plan
    private var lookup: DNSLookup
    private let promise: EventLoopPromise<[SocketAddress]>
    private var timers: [Scheduled<Void>] = []
    private var graceStarted = false
    private var finished = false

    init(plan: Plan, promise: EventLoopPromise<[SocketAddress]>) {
        self.plan = plan
        self.lookup = plan.lookup
        self.promise = promise
    }

    func channelActive(context: ChannelHandlerContext) {
        sendPendingQueries(context: context)
        let loop = context.eventLoop.assumeIsolated()
        let now = NIODeadline.now()
        let retransmitAt = now + .nanoseconds((plan.deadline - now).nanoseconds / 2)
        timers.append(loop.scheduleTask(deadline: retransmitAt) { self.sendPendingQueries(context: context) })
        timers.append(loop.scheduleTask(deadline: plan.deadline) { self.timeIsUp(context: context) })
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = Self.unwrapInboundIn(data)
        // Only the nameserver's answers count; anything else reaching the port is ignored, not trusted.
        guard !finished, envelope.remoteAddress == plan.nameserver else { return }
        let bytes = Array(envelope.data.readableBytesView)
        guard let id = DNSMessage.id(of: bytes) else {
            lookup.recordUnreadablePacket()
            return
        }
        // An unknown ID is a stale or forged packet; a known one already answered is a retransmit's duplicate.
        guard let query = plan.queries.first(where: { $0.id == id }), lookup.isPending(query.type) else { return }
        let response = Result { () throws(DNSMessage.ParseError) in
            try DNSMessage.parseResponse(bytes, expectedID: query.id)
        }
        switch lookup.record(response, for: query.type) {
        case .wait:
            break
        case .waitBriefly:
            startGrace(context: context)
        case .finish(let result):
            finish(result, context: context)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        finish(.failure(ResolutionError(.other, "the DNS socket closed before an answer")), context: context)
        context.fireChannelInactive()
    }

    /// Read errors on a UDP socket (an ICMP error reported late) do not end the exchange: an answer to the
    /// other query may still come, and the deadline bounds the wait anyway.
    func errorCaught(context: ChannelHandlerContext, error: any Error) {}

    private func sendPendingQueries(context: ChannelHandlerContext) {
        for query in plan.queries where lookup.isPending(query.type) {
            let envelope = AddressedEnvelope(remoteAddress: plan.nameserver, data: ByteBuffer(bytes: query.bytes))
            context.writeAndFlush(Self.wrapOutboundOut(envelope)).assumeIsolated().whenFailure { error in
                let message = "could not send a DNS query to \(self.lookup.nameserver): \(error)"
                self.finish(.failure(ResolutionError(.other, message)), context: context)
            }
        }
    }

    private func startGrace(context: ChannelHandlerContext) {
        guard !graceStarted else { return }
        graceStarted = true
        let graceEnd = min(NIODeadline.now() + Self.secondFamilyGrace, plan.deadline)
        timers.append(context.eventLoop.assumeIsolated().scheduleTask(deadline: graceEnd) {
            self.timeIsUp(context: context)
        })
    }

    private func timeIsUp(context: ChannelHandlerContext) {
        finish(lookup.resultWhenTimeIsUp(), context: context)
    }

    private func finish(_ result: Result<[[UInt8]], ResolutionError>, context: ChannelHandlerContext) {
        guard !finished else { return }
        finished = true
        for timer in timers { timer.cancel() }
        timers = []
        promise.completeWith(result.flatMap(socketAddresses).mapError { $0 as any Error })
        context.close(promise: nil)
    }

    private func socketAddresses(_ packed: [[UInt8]]) -> Result<[SocketAddress], ResolutionError> {
        do {
            let port = plan.port
            return .success(try packed.map { try SocketAddress(packedIPAddress: ByteBuffer(bytes: $0), port: port) })
        } catch {
            // Unreachable: DNSMessage only keeps 4- and 16-byte records. Reported, not trapped, all the same.
            return .failure(ResolutionError(.serverFailure, "unusable address in DNS answer: \(error)"))
        }
    }
}
