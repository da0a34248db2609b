import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import TrustMonitorCore

/// One request to one URL on a fresh connection (a redirect makes another hop).
struct HopRequest: Sendable {
    var target: Target
    var method: String
    var headers: HTTPHeaders
    var body: [UInt8]?
    var maxBodyBytes: Int
    var deadline: NIODeadline
    var tlsContext: NIOSSLContext?

    var useTLS: Bool { target.scheme == .https }
}

/// Resolves, connects and runs one hop: DNS as its own timed phase, then each resolved address in turn
/// until one accepts (like curl), all inside the attempt's one deadline.
struct HopConnector: Sendable {
    let resolver: any HostResolver

    func run(_ request: HopRequest, on eventLoop: any EventLoop) -> EventLoopFuture<HopOutcome> {
        let dnsStart = NIODeadline.now()
        let addresses: EventLoopFuture<[SocketAddress]>
        if let literal = try? SocketAddress(ipAddress: request.target.host, port: request.target.port) {
            addresses = eventLoop.makeSucceededFuture([literal])
        } else {
            addresses = resolver.resolve(host: request.target.host, port: request.target.port,
                                         deadline: request.deadline, eventLoop: eventLoop)
        }
        return addresses.flatMap { addresses in
            let dns = HopHandler.ms(from: dnsStart, to: .now())
            return connect(request, addresses: addresses[...], eventLoop: eventLoop).map { outcome in
                var outcome = outcome
                outcome.phases.dns = dns
                outcome.phases.total = (outcome.phases.total ?? 0) + dns
                return outcome
            }
        }.flatMapErrorThrowing { error in
            var outcome = HopOutcome()
            let dns = HopHandler.ms(from: dnsStart, to: .now())
            outcome.phases.dns = dns
            outcome.phases.total = dns
            let reason = (error as? ResolutionError)?.message ?? "\(error)"
            outcome.failure = Failure(.dnsFailure, reason)
            return outcome
        }
    }

    /// Tries `addresses` in order; a refused or unreachable address moves on to the next, anything else
    /// (including a timeout: the deadline is shared) is the hop's outcome.
    private func connect(_ request: HopRequest, addresses: ArraySlice<SocketAddress>,
                         eventLoop: any EventLoop) -> EventLoopFuture<HopOutcome> {
        guard let address = addresses.first else {
            return eventLoop.makeSucceededFuture(HopOutcome(failure: Failure(.connectRefused, "no address to try")))
        }
        let connectStart = NIODeadline.now()
        let remaining = request.deadline - connectStart
        guard remaining > .zero else {
            var outcome = HopOutcome(failure: FailureClassifier.timedOut(phase: .connecting, after: "the deadline"))
            outcome.phases.total = 0
            return eventLoop.makeSucceededFuture(outcome)
        }
        let promise = eventLoop.makePromise(of: HopOutcome.self)
        let bootstrap = ClientBootstrap(group: eventLoop)
            .connectTimeout(remaining)
            .channelOption(.socketOption(.so_reuseaddr), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try Self.configure(channel, request: request, startedAt: connectStart, promise: promise)
                }
            }
        bootstrap.connect(to: address).whenFailure { error in
            let failure = FailureClassifier.classify(error, phase: .connecting, host: request.target.host, tls: nil)
            if failure.code == .connectRefused, addresses.count > 1, NIODeadline.now() < request.deadline {
                promise.completeWith(connect(request, addresses: addresses.dropFirst(), eventLoop: eventLoop))
                return
            }
            var outcome = HopOutcome(failure: failure)
            outcome.remoteAddress = HopHandler.describe(address)
            outcome.phases.connect = HopHandler.ms(from: connectStart, to: .now())
            outcome.phases.total = outcome.phases.connect
            promise.succeed(outcome)
        }
        return promise.futureResult
    }

    /// Builds the pipeline on the channel's event loop: TLS (recording verification), HTTP codec, the hop
    /// handler. For `tcp://` only the hop handler, which finishes on connect.
    private static func configure(_ channel: any Channel, request: HopRequest, startedAt: NIODeadline,
                                  promise: EventLoopPromise<HopOutcome>) throws {
        let pipeline = channel.pipeline.syncOperations
        var recorder: TLSVerificationRecorder?
        if request.useTLS, let context = request.tlsContext {
            let tlsRecorder = TLSVerificationRecorder()
            recorder = tlsRecorder
            let serverName = request.target.host.isIPAddress ? nil : request.target.host
            try pipeline.addHandler(TLSHandlerFactory.make(context: context, serverHostname: serverName,
                                                           recorder: tlsRecorder))
        }
        if request.target.scheme != .tcp {
            try pipeline.addHTTPClientHandlers(leftOverBytesStrategy: .dropBytes)
        }
        try pipeline.addHandler(HopHandler(request: request, tlsRecorder: recorder, startedAt: startedAt,
                                           promise: promise))
    }
}

extension String {
    /// True for IPv4 and IPv6 literals: they get no SNI and no DNS phase.
    var isIPAddress: Bool { (try? SocketAddress(ipAddress: self, port: 0)) != nil }
}
