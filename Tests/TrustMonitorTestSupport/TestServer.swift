import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// A real HTTP(S) server on 127.0.0.1 with a kernel-chosen port, whose every answer (or failure to
/// answer) is decided per request by the test, so prober tests run against actual sockets.
///
/// ```swift
/// let server = try await TestServer.start { $0.number <= 2 ? .respond(status: 503) : .ok() }
/// // ... probe server.url("/health") ...
/// try await server.shutdown()
/// ```
final class TestServer: Sendable {
    /// The port the server listens on, on 127.0.0.1.
    let port: Int
    /// Whether connections speak TLS first; decides the scheme of `url`.
    let isTLS: Bool

    private let listener: any Channel
    private let state: NIOLockedValueBox<State>

    private struct State {
        var requests: [Request] = []
        var connections: [ObjectIdentifier: any Channel] = [:]
        var isShutDown = false
    }

    private init(listener: any Channel, port: Int, isTLS: Bool, state: NIOLockedValueBox<State>) {
        self.listener = listener
        self.port = port
        self.isTLS = isTLS
        self.state = state
    }

    /// Starts a server that asks `behaviour` what to do with each request (numbered from 1 across
    /// all connections), serving TLS with `tls` when given.
    static func start(
        tls: TestTLSIdentity? = nil,
        behaviour: @escaping @Sendable (Request) -> Behaviour
    ) async throws -> TestServer {
        let sslContext = try tls?.makeServerContext()
        let state = NIOLockedValueBox(State())
        let record: TestServerHandler.Recorder = { method, uri, headers, body in
            state.withLockedValue { state in
                let request = Request(
                    number: state.requests.count + 1, method: method, uri: uri, headers: headers, body: body
                )
                state.requests.append(request)
                return request
            }
        }
        return try await Self.listen(isTLS: tls != nil, state: state) { connection in
            let pipeline = connection.pipeline.syncOperations
            if let sslContext { try pipeline.addHandler(NIOSSLServerHandler(context: sslContext)) }
            try pipeline.addHandler(ByteToMessageHandler(HTTPRequestDecoder(leftOverBytesStrategy: .dropBytes)))
            try pipeline.addHandler(TestServerHandler(record: record, behaviour: behaviour))
        }
    }

    /// Starts a server that does the same thing with every request.
    static func start(tls: TestTLSIdentity? = nil, always behaviour: Behaviour) async throws -> TestServer {
        try await Self.start(tls: tls) { _ in behaviour }
    }

    /// Starts a server that accepts TCP connections and never sends a byte nor reads HTTP: for
    /// TLS handshake timeouts, or a read timeout before any request is parsed.
    static func startSilent() async throws -> TestServer {
        try await Self.listen(isTLS: false, state: NIOLockedValueBox(State())) { _ in }
    }

    /// A port on 127.0.0.1 that refuses connections: bound by the kernel's choice, then closed.
    /// Another process could take it in between; on a test machine that is vanishingly rare.
    static func closedPort() async throws -> Int {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0).get()
        let port = channel.localAddress?.port
        try await channel.close()
        guard let port else { throw TestServerError.noLocalPort }
        return port
    }

    /// `http://127.0.0.1:PORT/path`, or `https://localhost:PORT/path` with TLS (certificates name
    /// hosts, and localhost resolves to 127.0.0.1 here).
    func url(_ path: String = "/") -> String {
        self.url(host: self.isTLS ? "localhost" : "127.0.0.1", path: path)
    }

    /// The URL with another host name, e.g. `127.0.0.1` for an IP SAN; the name must resolve to
    /// 127.0.0.1 for a connection to reach this server.
    func url(host: String, path: String = "/") -> String {
        let scheme = self.isTLS ? "https" : "http"
        let path = path.hasPrefix("/") ? path : "/" + path
        return "\(scheme)://\(host):\(self.port)\(path)"
    }

    /// How many complete requests have arrived, whatever the server did with them.
    var requestCount: Int { self.state.withLockedValue { $0.requests.count } }

    /// Every complete request so far, in arrival order.
    var receivedRequests: [Request] { self.state.withLockedValue { $0.requests } }

    /// Stops listening and aborts every open connection (hanging ones included) without TLS
    /// close_notify, then waits for them to close. Calling it twice is harmless.
    func shutdown() async throws {
        let connections = self.state.withLockedValue { state -> [any Channel] in
            guard !state.isShutDown else { return [] }
            state.isShutDown = true
            return Array(state.connections.values)
        }
        try? await self.listener.close()
        for connection in connections {
            connection.pipeline.fireUserInboundEventTriggered(ConnectionAborter.Abort(reset: false))
            try? await connection.closeFuture.get()
        }
    }

    private static func listen(
        isTLS: Bool,
        state: NIOLockedValueBox<State>,
        configure: @escaping @Sendable (any Channel) throws -> Void
    ) async throws -> TestServer {
        let listener = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { connection in
                Self.track(connection, in: state)
                return connection.eventLoop.makeCompletedFuture {
                    try connection.pipeline.syncOperations.addHandler(ConnectionAborter())
                    try configure(connection)
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        guard let port = listener.localAddress?.port else {
            try? await listener.close()
            throw TestServerError.noLocalPort
        }
        return TestServer(listener: listener, port: port, isTLS: isTLS, state: state)
    }

    /// Remembers an open connection so `shutdown()` can close it; one accepted after shutdown
    /// began is closed at once.
    private static func track(_ connection: any Channel, in state: NIOLockedValueBox<State>) {
        let key = ObjectIdentifier(connection)
        let accepted = state.withLockedValue { state in
            guard !state.isShutDown else { return false }
            state.connections[key] = connection
            return true
        }
        guard accepted else { return connection.close(promise: nil) }
        connection.closeFuture.whenComplete { _ in
            state.withLockedValue { _ = $0.connections.removeValue(forKey: key) }
        }
    }
}

enum TestServerError: Error {
    case noLocalPort
}
