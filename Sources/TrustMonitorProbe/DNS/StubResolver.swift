public import NIOCore
import NIOPosix

/// Resolves names by asking one chosen nameserver over UDP, instead of whatever the host's resolver
/// configuration says. Used for `--dns-server HOST:PORT` and in tests, where a local server decides the answers.
///
/// It sends the A and AAAA queries together, resends the unanswered ones once at half the remaining time, and
/// finishes by the deadline; the whole lookup is one timed `dns` phase. No TCP fallback, no EDNS, no DNSSEC:
/// a monitor needs a few addresses, which fit in a classic UDP answer.
public struct StubResolver: HostResolver {
    /// The nameserver every query goes to.
    public let nameserver: SocketAddress

    /// - Parameter nameserver: an IPv4 or IPv6 address and port (see `parseNameserver(_:)`).
    public init(nameserver: SocketAddress) {
        self.nameserver = nameserver
    }

    /// Resolves `host` to its IPv4 addresses, then its IPv6 addresses, each with `port`.
    ///
    /// Fails with `ResolutionError`: `.notFound` for NXDOMAIN or a name no server could answer (checked before
    /// sending), `.serverFailure` for SERVFAIL, REFUSED or a malformed answer, `.noAddresses` when the name
    /// exists without A/AAAA records, `.timedOut` when nothing usable arrived by `deadline`.
    public func resolve(host: String, port: Int, deadline: NIODeadline, eventLoop: any EventLoop)
        -> EventLoopFuture<[SocketAddress]>
    {
        guard (0...65535).contains(port) else {
            return eventLoop.makeFailedFuture(ResolutionError(.other, "port \(port) is out of range"))
        }
        // The protocol keeps IP literals away from resolvers; answering them directly keeps that cheap to get right.
        if let literal = try? SocketAddress(ipAddress: host, port: port) {
            return eventLoop.makeSucceededFuture([literal])
        }
        let plan: DNSExchangeHandler.Plan
        let bindAddress: SocketAddress
        do {
            plan = try makePlan(host: host, port: port, deadline: deadline)
            bindAddress = try localAddress()
        } catch {
            return eventLoop.makeFailedFuture(error)
        }
        guard deadline > .now() else {
            let message = "no time left to resolve \(plan.lookup.host) before the deadline"
            return eventLoop.makeFailedFuture(ResolutionError(.timedOut, message))
        }
        guard let bootstrap = DatagramBootstrap(validatingGroup: eventLoop) else {
            let message = "StubResolver needs a NIOPosix event loop, not \(type(of: eventLoop))"
            return eventLoop.makeFailedFuture(ResolutionError(.other, message))
        }

        let promise = eventLoop.makePromise(of: [SocketAddress].self)
        bootstrap
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(DNSExchangeHandler(plan: plan, promise: promise))
                }
            }
            .bind(to: bindAddress)
            .whenFailure { error in
                // Completing a promise twice is a no-op in NIO, so this cannot overwrite the exchange's result.
                promise.fail(ResolutionError(.other, "could not open a UDP socket for DNS: \(error)"))
            }
        return promise.futureResult
    }

    /// Validates the name and builds both queries with fresh random IDs, so answers to an earlier lookup (or
    /// forged ones) do not match.
    private func makePlan(host: String, port: Int, deadline: NIODeadline) throws(ResolutionError)
        -> DNSExchangeHandler.Plan
    {
        let name = try DNSName(validating: host)
        let idA = UInt16.random(in: .min ... .max)
        let idAAAA = idA &+ UInt16.random(in: 1 ... .max)  // Never equal to idA: the offset is 1...65535.
        let queries = [(idA, DNSRecordType.a), (idAAAA, .aaaa)].map { id, type in
            DNSExchangeHandler.Query(id: id, type: type, bytes: DNSMessage.query(id: id, name: name, type: type))
        }
        let lookup = DNSLookup(host: name, nameserver: Self.displayText(nameserver))
        return DNSExchangeHandler.Plan(
            queries: queries, nameserver: nameserver, port: port, deadline: deadline, lookup: lookup)
    }

    /// An ephemeral port on the wildcard address of the nameserver's family: a UDP socket can only send to
    /// its own family.
    private func localAddress() throws(ResolutionError) -> SocketAddress {
        let wildcard: String
        switch nameserver {
        case .v4: wildcard = "0.0.0.0"
        case .v6: wildcard = "::"
        case .unixDomainSocket:
            throw ResolutionError(.other, "the DNS server must be an IP address, not a Unix socket")
        }
        do {
            return try SocketAddress(ipAddress: wildcard, port: 0)
        } catch {
            throw ResolutionError(.other, "could not make the local address \(wildcard): \(error)")
        }
    }
}
