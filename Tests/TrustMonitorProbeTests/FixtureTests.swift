import Foundation
import NIOCore
import Testing
@testable import TrustMonitorTestSupport
import X509

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The test servers checked with a bare client that shows the bytes as sent, and once with
/// URLSession, so prober tests can trust that each behaviour does what it says.
@Suite struct FixtureTests {
    @Test func respondSendsStatusHeadersAndBodyAndRecordsTheRequest() async throws {
        let server = try await TestServer.start(
            always: .respond(status: 201, headers: [("X-Test", "yes")], body: "created")
        )
        let exchange = try await RawExchange.perform(
            port: server.port,
            request: "POST /submit?x=1 HTTP/1.1\r\nHost: example.test\r\nContent-Length: 5\r\n\r\nhello"
        )
        try await server.shutdown()

        #expect(exchange.statusCode == 201)
        #expect(exchange.header("x-test") == "yes")
        #expect(exchange.header("Content-Length") == "7")
        #expect(exchange.header("Connection") == "close")
        #expect(exchange.body == Array("created".utf8))
        #expect(exchange.ending == .closedByServer)
        let request = try #require(server.receivedRequests.first)
        #expect(server.requestCount == 1)
        #expect(request.number == 1)
        #expect(request.method == "POST")
        #expect(request.uri == "/submit?x=1")
        #expect(request.header("host") == "example.test")
        #expect(request.bodyText == "hello")
    }

    @Test func requestNumbersLetABehaviourFlap() async throws {
        let server = try await TestServer.start { $0.number <= 2 ? .respond(status: 503) : .ok() }
        var statuses: [Int?] = []
        for _ in 1...3 {
            statuses.append(try await RawExchange.perform(port: server.port).statusCode)
        }
        try await server.shutdown()

        #expect(statuses == [503, 503, 200])
        #expect(server.receivedRequests.map(\.number) == [1, 2, 3])
    }

    @Test func chunkedResponseIsFramedAsChunks() async throws {
        let server = try await TestServer.start(always: .respondChunked(status: 200, chunks: ["hello", "", " world!"]))
        let exchange = try await RawExchange.perform(port: server.port)
        try await server.shutdown()

        #expect(exchange.statusCode == 200)
        #expect(exchange.header("Transfer-Encoding") == "chunked")
        #expect(exchange.header("Content-Length") == nil)
        #expect(exchange.body == Array("5\r\nhello\r\n7\r\n world!\r\n0\r\n\r\n".utf8))
    }

    @Test func streamingSendsEveryAnnouncedByte() async throws {
        let size = 3 * 1024 * 1024 + 7
        let server = try await TestServer.start(always: .respondStreaming(status: 200, totalBytes: size))
        let exchange = try await RawExchange.perform(port: server.port)
        try await server.shutdown()

        #expect(exchange.header("Content-Length") == String(size))
        let body = exchange.body
        #expect(body.count == size)
        #expect(body.indices.allSatisfy { body[$0] == TestServer.Behaviour.streamedByte(at: $0) })
    }

    @Test func redirectAndDelayedResponsesArrive() async throws {
        let server = try await TestServer.start { request in
            request.uri == "/old" ? .redirect(to: "/new", status: 301) : .delay(.milliseconds(100), then: .ok("late"))
        }
        let redirect = try await RawExchange.perform(port: server.port, request: "GET /old HTTP/1.1\r\nHost: a\r\n\r\n")
        let delayed = try await RawExchange.perform(port: server.port, request: "GET /new HTTP/1.1\r\nHost: a\r\n\r\n")
        try await server.shutdown()

        #expect(redirect.statusCode == 301)
        #expect(redirect.header("Location") == "/new")
        #expect(delayed.statusCode == 200)
        #expect(delayed.body == Array("late".utf8))
    }

    @Test func hangAndSilentServersSendNothingAndStayOpen() async throws {
        let hanging = try await TestServer.start(always: .hang)
        let silent = try await TestServer.startSilent()
        let fromHanging = try await RawExchange.perform(port: hanging.port, waitAtMost: .milliseconds(300))
        let fromSilent = try await RawExchange.perform(port: silent.port, waitAtMost: .milliseconds(300))
        try await hanging.shutdown()
        try await silent.shutdown()

        #expect(fromHanging.received.isEmpty)
        #expect(fromHanging.ending == .stillOpen)
        #expect(hanging.requestCount == 1)
        #expect(fromSilent.received.isEmpty)
        #expect(fromSilent.ending == .stillOpen)
        #expect(silent.requestCount == 0)
    }

    @Test func shutdownClosesHangingConnections() async throws {
        let server = try await TestServer.start(always: .hang)
        async let exchange = RawExchange.perform(port: server.port, waitAtMost: .seconds(30))
        while server.requestCount == 0 { try await Task.sleep(for: .milliseconds(10)) }
        try await server.shutdown()

        #expect(try await exchange.ending == .closedByServer)
    }

    @Test func resetMidResponseEndsBeforeTheAnnouncedLength() async throws {
        let server = try await TestServer.start(always: .resetMidResponse)
        let exchange = try await RawExchange.perform(port: server.port)
        try await server.shutdown()

        #expect(exchange.statusCode == 200)
        #expect(exchange.header("Content-Length") == "1048576")
        #expect(!exchange.body.isEmpty)
        #expect(exchange.body.count < 1_048_576)
        #expect(exchange.ending.isReset)
    }

    @Test func closeWithoutResponseSendsNoBytes() async throws {
        let server = try await TestServer.start(always: .closeWithoutResponse)
        let exchange = try await RawExchange.perform(port: server.port)
        try await server.shutdown()

        #expect(exchange.received.isEmpty)
        #expect(exchange.ending == .closedByServer)
        #expect(server.requestCount == 1)
    }

    @Test func garbageSendsExactlyTheGivenBytes() async throws {
        let garbage = Array("SSH-2.0-OpenSSH_9.6\r\n".utf8) + [0x00, 0xFF, 0x16, 0x03]
        let server = try await TestServer.start(always: .garbage(garbage))
        let exchange = try await RawExchange.perform(port: server.port)
        try await server.shutdown()

        #expect(exchange.received == garbage)
        #expect(exchange.ending == .closedByServer)
    }

    @Test func closedPortRefusesConnections() async throws {
        let port = try await TestServer.closedPort()
        await #expect(throws: (any Error).self) {
            try await RawExchange.perform(port: port)
        }
    }

    @Test func tlsServerAnswersAClientTrustingTheCA() async throws {
        let ca = try TestCertificateAuthority()
        let server = try await TestServer.start(tls: try ca.issue(), always: .ok("secure"))
        let exchange = try await RawExchange.perform(port: server.port, tls: (ca.certificatePEM, "localhost"))
        let reset = try await TestServer.start(tls: try ca.issue(), always: .resetMidResponse)
        let resetExchange = try await RawExchange.perform(port: reset.port, tls: (ca.certificatePEM, "localhost"))
        try await server.shutdown()
        try await reset.shutdown()

        #expect(server.url() == "https://localhost:\(server.port)/")
        #expect(server.url(host: "127.0.0.1", path: "health") == "https://127.0.0.1:\(server.port)/health")
        #expect(exchange.statusCode == 200)
        #expect(exchange.body == Array("secure".utf8))
        #expect(exchange.ending == .closedByServer)
        #expect(resetExchange.statusCode == 200)
        #expect(resetExchange.body.count < 1_048_576)
        #expect(resetExchange.ending.isReset)
    }

    enum RejectedLeaf: CaseIterable {
        case selfSigned, otherCA, expired, notYetValid, wrongHost

        func identity(issuedBy ca: TestCertificateAuthority) throws -> TestTLSIdentity {
            let day = TestCertificateAuthority.day
            switch self {
            case .selfSigned: return try TestTLSIdentity.selfSigned()
            case .otherCA: return try TestCertificateAuthority(commonName: "Other CA").issue()
            case .expired: return try ca.issue(notValidBefore: .now - 30 * day, notValidAfter: .now - day)
            case .notYetValid: return try ca.issue(notValidBefore: .now + day, notValidAfter: .now + 30 * day)
            case .wrongHost:
                return try ca.issue(commonName: "other.example", dnsNames: ["other.example"], ipAddresses: [])
            }
        }
    }

    @Test(arguments: RejectedLeaf.allCases)
    func tlsHandshakeFailsForAnUntrustworthyLeaf(_ leaf: RejectedLeaf) async throws {
        let ca = try TestCertificateAuthority()
        let server = try await TestServer.start(tls: try leaf.identity(issuedBy: ca), always: .ok())
        let exchange = try await RawExchange.perform(port: server.port, tls: (ca.certificatePEM, "localhost"))
        try await server.shutdown()

        #expect(exchange.received.isEmpty)
        guard case .failed(let reason) = exchange.ending else {
            Issue.record("expected a handshake failure, got \(exchange.ending)")
            return
        }
        #expect(reason.contains("handshakeFailed") || reason.contains("failedToValidateHostname"))
        #expect(server.requestCount == 0)
    }

    @Test func certificatesCarryTheChosenNamesAndDates() throws {
        let ca = try TestCertificateAuthority()
        let notValidAfter = Date.now + 90 * TestCertificateAuthority.day
        let leaf = try ca.issue(
            dnsNames: ["localhost", "a.test"], ipAddresses: ["127.0.0.1", "::1"], notValidAfter: notValidAfter
        )
        let names = try #require(try leaf.certificate.extensions.subjectAlternativeNames)

        #expect(Array(names).contains(.dnsName("a.test")))
        #expect(Array(names).contains(.ipAddress(.init(contentBytes: [127, 0, 0, 1]))))
        #expect(Array(names).count == 4)
        #expect(abs(leaf.certificate.notValidAfter.timeIntervalSince(notValidAfter)) < 1)
        #expect(leaf.certificate.issuer == ca.certificate.subject)
        #expect(try ca.certificate.extensions.basicConstraints == .isCertificateAuthority(maxPathLength: nil))

        let path = try ca.writeCertificatePEM()
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == ca.certificatePEM)
        #expect(ca.certificatePEM.hasPrefix("-----BEGIN CERTIFICATE-----"))
        #expect(leaf.privateKeyPEM.hasPrefix("-----BEGIN PRIVATE KEY-----"))
    }

    /// A real HTTP client parses the well-formed responses and follows the redirect.
    @Test func urlSessionReadsTheWellFormedResponses() async throws {
        let server = try await TestServer.start { request in
            switch request.uri {
            case "/chunked": .respondChunked(status: 200, chunks: ["ab", "cd"])
            case "/large": .respondStreaming(status: 200, totalBytes: 3 * 1024 * 1024)
            case "/moved": .redirect(to: "/plain")
            default: .respond(status: 200, headers: [("Content-Type", "text/plain")], body: "plain")
            }
        }
        let session = URLSession(configuration: .ephemeral)
        func get(_ path: String) async throws -> (Int?, Data) {
            let url = try #require(URL(string: server.url(path)))
            let (data, response) = try await session.data(from: url)
            return ((response as? HTTPURLResponse)?.statusCode, data)
        }
        let chunked = try await get("/chunked")
        let large = try await get("/large")
        let moved = try await get("/moved")
        try await server.shutdown()

        #expect(chunked.0 == 200 && chunked.1 == Data("abcd".utf8))
        #expect(large.0 == 200 && large.1.count == 3 * 1024 * 1024)
        #expect(moved.0 == 200 && moved.1 == Data("plain".utf8))
        #expect(server.receivedRequests.map(\.uri) == ["/chunked", "/large", "/moved", "/plain"])
    }
}
