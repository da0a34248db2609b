public import NIOCore
import NIOPosix

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Resolves with the system's `getaddrinfo`, so `/etc/hosts`, nsswitch and the configured resolvers apply
/// exactly as they do for every other program on the host.
///
/// `getaddrinfo` blocks and cannot be cancelled, so it runs on NIO's thread pool and the deadline is enforced
/// by racing it: a late answer is dropped, the check has already failed with `dns_failure`.
public struct SystemResolver: HostResolver {
    let threadPool: NIOThreadPool

    public init() {
        self.threadPool = .singleton
    }

    public func resolve(host: String, port: Int, deadline: NIODeadline, eventLoop: any EventLoop)
        -> EventLoopFuture<[SocketAddress]>
    {
        let promise = eventLoop.makePromise(of: [SocketAddress].self)
        let timeout = eventLoop.scheduleTask(deadline: deadline) {
            promise.fail(ResolutionError(.timedOut, "no answer for \(host) before the deadline"))
        }
        guard (0...Int(UInt16.max)).contains(port) else {
            timeout.cancel()
            promise.fail(ResolutionError(.other, "port \(port) is out of range"))
            return promise.futureResult
        }
        threadPool.runIfActive(eventLoop: eventLoop) {
            try Self.lookup(host: host, port: port)
        }.whenComplete { result in
            timeout.cancel()
            promise.completeWith(result)
        }
        return promise.futureResult
    }

    /// IPv4 addresses first, then IPv6, each in the order the system gave them: test servers and most
    /// monitored services listen on IPv4, and the prober tries the addresses in turn anyway.
    static func lookup(host: String, port: Int) throws -> [SocketAddress] {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Darwin)
        hints.ai_socktype = SOCK_STREAM
        #else
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #endif
        var result: UnsafeMutablePointer<addrinfo>?
        let code = getaddrinfo(host, nil, &hints, &result)
        guard code == 0 else { throw resolutionError(code: code, host: host) }
        defer { freeaddrinfo(result) }

        var v4: [SocketAddress] = []
        var v6: [SocketAddress] = []
        var cursor = result
        while let info = cursor?.pointee {
            defer { cursor = info.ai_next }
            guard let raw = info.ai_addr else { continue }
            switch info.ai_family {
            case AF_INET:
                var address = raw.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee }
                address.sin_port = in_port_t(UInt16(port).bigEndian)
                let entry = SocketAddress(address, host: host)
                if !v4.contains(entry) { v4.append(entry) }
            case AF_INET6:
                var address = raw.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { $0.pointee }
                address.sin6_port = in_port_t(UInt16(port).bigEndian)
                let entry = SocketAddress(address, host: host)
                if !v6.contains(entry) { v6.append(entry) }
            default:
                continue
            }
        }
        guard !(v4.isEmpty && v6.isEmpty) else { throw ResolutionError(.noAddresses, "\(host) has no addresses") }
        return v4 + v6
    }

    static func resolutionError(code: Int32, host: String) -> ResolutionError {
        let reason = String(cString: gai_strerror(code))
        switch code {
        case EAI_NONAME: return ResolutionError(.notFound, "\(host) not found (\(reason))")
        case EAI_FAIL: return ResolutionError(.serverFailure, "resolving \(host) failed (\(reason))")
        default: return ResolutionError(.other, "resolving \(host) failed (\(reason))")
        }
    }
}
