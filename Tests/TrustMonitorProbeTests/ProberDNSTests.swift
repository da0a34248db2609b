import NIOPosix
import Testing
@testable import TrustMonitorTestSupport
import TrustMonitorCore
import TrustMonitorProbe

/// The DNS phase through the prober, against a real DNS server on loopback.
@Suite struct ProberDNSTests {
    @Test(arguments: [
        ("missing.test", "NXDOMAIN"), ("broken.test", "SERVFAIL"), ("empty.test", "no A or AAAA records"),
        ("silent.test", "by the deadline"),
    ])
    func unresolvableNamesAreDNSFailures(host: String, message: String) async throws {
        var zone = TestDNSServer.Zone()
        zone.nxdomain = ["missing.test"]
        zone.servfail = ["broken.test"]
        zone.addresses = ["empty.test": []]
        zone.unanswered = ["silent.test"]
        let dns = try await TestDNSServer.start(zone, group: MultiThreadedEventLoopGroup.singleton)
        let prober = Prober(resolver: StubResolver(nameserver: dns.address))
        let observation = await prober.check(CheckRequest(
            target: try Target.parse("http://\(host):8080/"),
            timeout: host == "silent.test" ? .milliseconds(400) : .seconds(5), retry: .never))
        try await dns.stop()
        #expect(observation.failure?.code == .dnsFailure)
        #expect(observation.failure?.message.contains(message) == true, "\(observation.failure?.message ?? "")")
        #expect(observation.phases.dns != nil)
        #expect(observation.phases.connect == nil)
    }

    @Test func resolvedNameConnectsWithOriginalHostHeader() async throws {
        let server = try await TestServer.start(always: .ok("named"))
        var zone = TestDNSServer.Zone()
        zone.addresses = ["api.example.test": ["127.0.0.1"]]
        let dns = try await TestDNSServer.start(zone, group: MultiThreadedEventLoopGroup.singleton)
        let prober = Prober(resolver: StubResolver(nameserver: dns.address))
        let observation = await prober.check(CheckRequest(
            target: try Target.parse("http://api.example.test:\(server.port)/x"), retry: .never))
        try await dns.stop()
        try await server.shutdown()
        #expect(observation.verdict == .up)
        #expect(observation.attempts[0].remoteAddress == "127.0.0.1:\(server.port)")
        #expect(server.receivedRequests.first?.header("Host") == "api.example.test:\(server.port)")
    }

    @Test func refusedAddressFallsBackToTheNextOne() async throws {
        let server = try await TestServer.start(always: .ok())
        var zone = TestDNSServer.Zone()
        zone.addresses = ["multi.example.test": ["127.0.0.2", "127.0.0.1"]]
        let dns = try await TestDNSServer.start(zone, group: MultiThreadedEventLoopGroup.singleton)
        let prober = Prober(resolver: StubResolver(nameserver: dns.address))
        let observation = await prober.check(CheckRequest(
            target: try Target.parse("http://multi.example.test:\(server.port)/"), retry: .never))
        try await dns.stop()
        try await server.shutdown()
        #expect(observation.verdict == .up)
        #expect(observation.attempts[0].remoteAddress == "127.0.0.1:\(server.port)")
    }

    @Test func systemResolverReadsHostsFile() async throws {
        let server = try await TestServer.start(always: .ok())
        let observation = await Prober().check(CheckRequest(
            target: try Target.parse("http://localhost:\(server.port)/"), retry: .never))
        try await server.shutdown()
        #expect(observation.verdict == .up)
        #expect(server.receivedRequests.first?.header("Host") == "localhost:\(server.port)")
    }
}
