import NIOCore
import NIOPosix
import Testing
@testable import TrustMonitorTestSupport

@testable import TrustMonitorProbe

/// The stub resolver against a real UDP server on 127.0.0.1, then its pieces (`DNSMessage`, `DNSName`,
/// `DNSLookup`) with hand-built bytes. Outcomes only: no test asserts how long anything took.
@Suite struct StubResolverTests {
    static let zone = TestDNSServer.Zone(
        addresses: [
            "v4.test": ["192.0.2.1"], "v6.test": ["2001:db8::1"],
            "both.test": ["2001:db8::1", "192.0.2.1", "192.0.2.2"], "cdn.test": ["192.0.2.9", "2001:db8::9"],
            "forged.test": ["192.0.2.5"], "empty.test": [],
        ],
        aliases: ["www.test": "edge.test", "edge.test": "cdn.test"],
        nxdomain: ["missing.test"], servfail: ["broken.test"], refused: ["refused.test"],
        unanswered: ["silent.test"], malformed: ["garbled.test"], forgedFirst: ["forged.test"])

    @Test(arguments: [
        ("v4.test", ["192.0.2.1"]), ("v6.test", ["2001:db8::1"]), ("V4.Test.", ["192.0.2.1"]),
        ("both.test", ["192.0.2.1", "192.0.2.2", "2001:db8::1"]), ("www.test", ["192.0.2.9", "2001:db8::9"]),
        ("forged.test", ["192.0.2.5"]),
    ])
    func resolvesIPv4First(host: String, expected: [String]) async throws {
        let (result, _) = try await resolveAgainstTestServer(host)
        let wanted = try expected.map { try SocketAddress(ipAddress: $0, port: 443) }
        #expect(try result.get() == wanted)
    }

    @Test(arguments: [
        ("missing.test", ResolutionError.Kind.notFound, "NXDOMAIN for missing.test"),
        ("broken.test", .serverFailure, "SERVFAIL from 127.0.0.1:"),
        ("refused.test", .serverFailure, "REFUSED from 127.0.0.1:"),
        ("garbled.test", .serverFailure, "malformed DNS response from 127.0.0.1:"),
        ("empty.test", .noAddresses, "no A or AAAA records for empty.test"),
        ("silent.test", .timedOut, "no DNS answer from 127.0.0.1:"),
    ])
    func failsWithTheKindAPersonShouldSee(host: String, kind: ResolutionError.Kind, message: String) async throws {
        // Only the silent server needs a short deadline; answered cases get room for a loaded machine.
        let timeout: TimeAmount = kind == .timedOut ? .milliseconds(300) : .seconds(5)
        let (result, _) = try await resolveAgainstTestServer(host, timeout: timeout)
        #expect(result.failure?.kind == kind)
        #expect(result.failure?.message.hasPrefix(message) == true, "\(String(describing: result.failure))")
    }

    @Test func resendsEachUnansweredQueryOnceBeforeTimingOut() async throws {
        // Long enough that a loaded machine still sends both rounds before the deadline.
        let (result, queries) = try await resolveAgainstTestServer("silent.test", timeout: .milliseconds(1500))
        #expect(result.failure?.kind == .timedOut)
        #expect(queries == 4)  // A and AAAA, each sent twice.
    }

    @Test(arguments: [
        "", ".", "exa mple.test", "a..b.test", ".test", "bücher.test", "host.test:80", "a/b.test",
        String(repeating: "a", count: 64) + ".test",
        Array(repeating: String(repeating: "a", count: 63), count: 4).joined(separator: "."),  // 255 bytes
    ])
    func rejectsAnInvalidNameWithoutAQuery(host: String) async throws {
        let (result, queries) = try await resolveAgainstTestServer(host)
        #expect(result.failure?.kind == .notFound)
        #expect(result.failure?.message.hasPrefix("invalid host name") == true)
        #expect(queries == 0)
    }

    @Test(arguments: ["192.0.2.7", "2001:db8::7"])
    func answersAnIPLiteralWithoutAQuery(host: String) async throws {
        let (result, queries) = try await resolveAgainstTestServer(host)
        #expect(try result.get() == [SocketAddress(ipAddress: host, port: 443)])
        #expect(queries == 0)
    }

    @Test func aDeadlineAlreadyPastTimesOutWithoutAQuery() async throws {
        let (result, queries) = try await resolveAgainstTestServer("v4.test", timeout: .milliseconds(-1))
        #expect(result.failure?.kind == .timedOut)
        #expect(queries == 0)
    }

    @Test(arguments: [
        ("127.0.0.1", "127.0.0.1", 53), ("127.0.0.1:5353", "127.0.0.1", 5353), ("[::1]:5353", "::1", 5353),
        ("[::1]", "::1", 53), ("2001:db8::53", "2001:db8::53", 53), (" 10.0.0.1:53 ", "10.0.0.1", 53),
    ])
    func parsesANameserver(text: String, ip: String, port: Int) throws {
        #expect(try StubResolver.parseNameserver(text) == SocketAddress(ipAddress: ip, port: port))
    }

    @Test(arguments: [
        "", "dns.google", "dns.google:53", "127.0.0.1:", "127.0.0.1:0", "127.0.0.1:65536", "127.0.0.1:+53",
        "[::1", "[::1]5353", "[::1]:x", "1.2.3", "300.1.1.1", "[127.0.0.1:53",
    ])
    func refusesABadNameserver(text: String) {
        #expect(throws: StubResolver.InvalidNameserver.self) { try StubResolver.parseNameserver(text) }
    }

    @Test func namesTheNameserverInMessages() throws {
        #expect(StubResolver.displayText(try .init(ipAddress: "127.0.0.1", port: 5353)) == "127.0.0.1:5353")
        #expect(StubResolver.displayText(try .init(ipAddress: "::1", port: 53)) == "[::1]:53")
    }

    @Test func combinesTheTwoAnswers() throws {
        let host = try DNSName(validating: "example.test")
        func lookup(_ a: DNSMessage.Response?, _ aaaa: DNSMessage.Response?) -> DNSLookup.Next? {
            var lookup = DNSLookup(host: host, nameserver: "127.0.0.1:53")
            var next: DNSLookup.Next?
            if let a { next = lookup.record(.success(a), for: .a) }
            if let aaaa { next = lookup.record(.success(aaaa), for: .aaaa) }
            return next
        }
        let v4 = DNSMessage.Response(id: 1, rcode: 0, addresses: [.init(name: "example.test", bytes: [192, 0, 2, 1])])
        let empty = DNSMessage.Response(id: 2, rcode: 0, addresses: [])
        let nxdomain = DNSMessage.Response(id: 3, rcode: 3, addresses: [])
        let servfail = DNSMessage.Response(id: 4, rcode: 2, addresses: [])
        #expect(lookup(v4, nil) == .waitBriefly)
        #expect(lookup(empty, nil) == .wait)
        #expect(lookup(nxdomain, nil) == .finish(.failure(ResolutionError(.notFound, "NXDOMAIN for example.test"))))
        #expect(lookup(servfail, v4) == .finish(.success([[192, 0, 2, 1]])))
        let servfailError = ResolutionError(.serverFailure, "SERVFAIL from 127.0.0.1:53")
        #expect(lookup(servfail, empty) == .finish(.failure(servfailError)))
        let noAddresses = ResolutionError(.noAddresses, "no A or AAAA records for example.test")
        #expect(lookup(empty, empty) == .finish(.failure(noAddresses)))
    }

    /// Resolves `host` for port 443 against a fresh server; returns the result and how many queries it saw.
    private func resolveAgainstTestServer(_ host: String, timeout: TimeAmount = .seconds(5)) async throws
        -> (Result<[SocketAddress], ResolutionError>, Int)
    {
        let group = MultiThreadedEventLoopGroup.singleton
        let server = try await TestDNSServer.start(Self.zone, group: group)
        let resolver = StubResolver(nameserver: server.address)
        let future = resolver.resolve(host: host, port: 443, deadline: .now() + timeout, eventLoop: group.next())
        let result: Result<[SocketAddress], ResolutionError>
        do {
            result = .success(try await future.get())
        } catch let error as ResolutionError {
            result = .failure(error)
        }
        let queries = try await server.queryCount()
        try await server.stop()
        return (result, queries)
    }
}

extension Result {
    fileprivate var failure: Failure? {
        if case .failure(let error) = self { error } else { nil }
    }
}

/// The wire format with hand-built bytes: what a hostile or broken server could send must end in an error value.
@Suite struct DNSMessageTests {
    /// Header: ID 0xBEEF, the given flags, one question, `answers` answers.
    static func header(id: UInt16 = 0xBEEF, flags: UInt16 = 0x8180, questions: UInt8 = 1, answers: UInt8 = 1)
        -> [UInt8]
    {
        [UInt8(id >> 8), UInt8(id & 0xFF), UInt8(flags >> 8), UInt8(flags & 0xFF), 0, questions, 0, answers, 0, 0, 0, 0]
    }
    /// "example.test" A IN, at offset 12.
    static let question: [UInt8] = [7] + Array("example".utf8) + [4] + Array("test".utf8) + [0, 0, 1, 0, 1]
    /// An answer owned by the question name (pointer to 12), type A, TTL 60, 192.0.2.1.
    static let answerA: [UInt8] = [0xC0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 192, 0, 2, 1]
    static let response = header() + question + answerA

    static func parse(_ bytes: [UInt8]) -> Result<DNSMessage.Response, DNSMessage.ParseError> {
        Result { () throws(DNSMessage.ParseError) in try DNSMessage.parseResponse(bytes, expectedID: 0xBEEF) }
    }

    @Test func encodesARecursiveQuery() throws {
        let name = try DNSName(validating: "example.test.")
        let expected = Self.header(flags: 0x0100, answers: 0) + Self.question
        #expect(DNSMessage.query(id: 0xBEEF, name: name, type: .a) == expected)
        #expect(DNSMessage.query(id: 1, name: name, type: .aaaa).suffix(4) == [0, 28, 0, 1])
    }

    @Test func readsAnAnswerThroughACompressionPointer() throws {
        let response = try Self.parse(Self.response).get()
        let address = DNSMessage.AddressRecord(name: "example.test", bytes: [192, 0, 2, 1])
        #expect(response == .init(id: 0xBEEF, rcode: 0, addresses: [address]))
    }

    @Test func followsACNAMEChainIntoCompressedNames() throws {
        let query = TestDNSServer.Query(id: 0xBEEF, name: "www.test", type: 28)
        let bytes = query.reply(rcode: 0, records: [
            .init(owner: "www.test", type: 5, target: "cdn.test"),
            .init(owner: "cdn.test", type: 28, data: Array(repeating: 0x20, count: 16)),
        ])
        let response = try Self.parse(bytes).get()
        #expect(response.addresses == [.init(name: "cdn.test", bytes: Array(repeating: 0x20, count: 16))])
    }

    @Test func rejectsAWrongIDAQueryAndATruncatedResponse() {
        let wrongID = Self.parse(Self.header(id: 0xBEEE) + Self.question)
        #expect(wrongID == .failure(.idMismatch(expected: 0xBEEF, received: 0xBEEE)))
        #expect(Self.parse(Self.header(flags: 0x0100) + Self.question) == .failure(.notAResponse))
        #expect(Self.parse(Self.header(flags: 0x8380) + Self.question) == .failure(.truncatedResponse))
    }

    @Test func everyPrefixOfAResponseIsAnError() {
        for length in 0..<Self.response.count {
            #expect(throws: DNSMessage.ParseError.self) { try Self.parse(Array(Self.response.prefix(length))).get() }
        }
    }

    @Test(arguments: [
        ([0xC0, 30] as [UInt8], DNSMessage.ParseError.compressionLoop),  // Points at itself.
        ([0xC0, 0x3F], .compressionLoop),  // Forward, beyond the end.
        ([1, 0x61, 0xC0, 30], .compressionLoop),  // Back to its own start.
        ([0xC0], .endOfMessage(reading: "name pointer")),
        ([0x40, 0], .invalidLabelType(0x40)),
        ([5, 0x61], .endOfMessage(reading: "name")),
    ])
    func rejectsABrokenAnswerName(name: [UInt8], error: DNSMessage.ParseError) {
        #expect(Self.parse(Self.header() + Self.question + name) == .failure(error))
    }

    @Test func rejectsANameLongerThan255BytesBuiltFromPointers() {
        var bytes = Self.header(questions: 4, answers: 0)
        var previous: Int?
        for letter in UInt8(ascii: "a")...UInt8(ascii: "d") {
            let start = bytes.count
            bytes += [63] + Array(repeating: letter, count: 63)
            bytes += previous.map { [0xC0, UInt8($0)] } ?? [0]
            bytes += [0, 1, 0, 1]
            previous = start
        }
        #expect(Self.parse(bytes) == .failure(.nameTooLong))
    }

    @Test func rejectsAnAddressOfTheWrongLengthOrPastTheEnd() {
        var wrongLength = Self.answerA
        wrongLength[11] = 5
        let start = Self.header() + Self.question
        #expect(Self.parse(start + wrongLength + [0]) == .failure(.invalidRecordLength(type: 1, length: 5)))
        #expect(Self.parse(start + wrongLength) == .failure(.endOfMessage(reading: "answer record data")))
    }

    @Test func skipsOtherRecordTypesAndReadsOnlyTheHeaderOfAnError() throws {
        let txt: [UInt8] = [0xC0, 12, 0, 16, 0, 1, 0, 0, 0, 60, 0, 2, 1, 0x78]
        #expect(try Self.parse(Self.header(answers: 2) + Self.question + txt + Self.answerA).get().addresses.count == 1)
        #expect(try Self.parse(Self.header(flags: 0x8183) + [0xFF]).get() == .init(id: 0xBEEF, rcode: 3, addresses: []))
    }

    /// Every byte of a valid response set to each value that changes its meaning (counts, label types,
    /// pointers, lengths): the parser must return, whatever it returns.
    @Test func corruptingAnyByteNeverCrashesTheParser() {
        let response = Self.header(answers: 2) + Self.question + Self.answerA + Self.answerA
        for index in response.indices {
            for value: UInt8 in [0x00, 0x01, 0x0C, 0x3F, 0x40, 0x80, 0xC0, 0xC1, 0xFF] {
                var bytes = response
                bytes[index] = value
                _ = Self.parse(bytes)
            }
        }
    }
}
