public import NIOCore

/// Turns a host name into addresses for one check. The prober resolves names itself (not inside the connect
/// call) so DNS is its own timed phase and its own failure code, as blackbox_exporter does.
public protocol HostResolver: Sendable {
    /// Resolves `host` for `port`, finishing by `deadline`. IP literals never reach a resolver.
    /// Fails with `ResolutionError` for every failure a person should see as `dns_failure`.
    func resolve(host: String, port: Int, deadline: NIODeadline, eventLoop: any EventLoop)
        -> EventLoopFuture<[SocketAddress]>
}

/// Why a name did not resolve, in words for the failure message.
public struct ResolutionError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// The name does not exist (NXDOMAIN, EAI_NONAME).
        case notFound = "not_found"
        /// The name exists but has no A/AAAA records.
        case noAddresses = "no_addresses"
        /// The server failed (SERVFAIL, REFUSED, EAI_FAIL) or answered something unusable.
        case serverFailure = "server_failure"
        /// No answer before the deadline.
        case timedOut = "timed_out"
        /// A temporary failure (EAI_AGAIN) or a local error.
        case other
    }

    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
