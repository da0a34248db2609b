#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A loopback port where TCP connects time out: a listening socket with a backlog of 0 that never
/// accepts, whose queue is filled first, so the kernel drops further SYNs. No traffic leaves loopback.
final class UnresponsiveListener: Sendable {
    let port: Int
    private let descriptors: [Int32]

    init() throws {
        var fds: [Int32] = []
        let listener = socket(AF_INET, Self.streamType, 0)
        guard listener >= 0 else { throw ListenerError.socket }
        fds.append(listener)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(listener, 0) == 0 else { throw ListenerError.bind }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
        }
        port = Int(UInt16(bigEndian: address.sin_port))
        // Fill the accept queue (backlog 0 still admits one, and the kernel allows one more).
        for _ in 0..<3 {
            let client = socket(AF_INET, Self.streamType, 0)
            guard client >= 0 else { continue }
            fds.append(client)
            _ = fcntl(client, F_SETFL, fcntl(client, F_GETFL) | O_NONBLOCK)
            _ = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(client, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
        }
        descriptors = fds
        usleep(100_000)  // let the handshakes of the fillers complete so the queue is really full
    }

    deinit {
        for fd in descriptors { close(fd) }
    }

    enum ListenerError: Error { case socket, bind }

    #if canImport(Glibc)
    private static let streamType = Int32(SOCK_STREAM.rawValue)
    #else
    private static let streamType = SOCK_STREAM
    #endif
}
