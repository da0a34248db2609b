import Foundation
import Testing
@testable import TrustMonitorTestSupport
import TrustMonitorCore
import TrustMonitorProbe

/// HTTPS against real TLS servers with certificates made by the test.
@Suite struct ProberTLSTests {
    let prober = Prober()

    func check(_ url: String, caFile: String?, conditions: [String] = []) async throws -> Observation {
        let request = CheckRequest(target: try Target.parse(url), timeout: .seconds(5),
                                   conditions: try conditions.map { try Condition.parse($0) },
                                   retry: .never, caFile: caFile)
        return await prober.check(request)
    }

    @Test func trustedCertificateIsUpWithPhasesAndExpiry() async throws {
        let ca = try TestCertificateAuthority()
        let leaf = try ca.issue(notValidAfter: .now + 30 * TestCertificateAuthority.day)
        let server = try await TestServer.start(tls: leaf, always: .ok("secure"))
        let observation = try await check(server.url("/"), caFile: try ca.writeCertificatePEM(),
                                          conditions: ["[CERTIFICATE_EXPIRATION] > 72h"])
        try await server.shutdown()
        #expect(observation.verdict == .up)
        #expect(observation.phases.dns != nil, "localhost is resolved by the prober")
        #expect(observation.phases.tls != nil)
        #expect(observation.certificate?.dnsNames.contains("localhost") == true)
        let expiry = observation.certificate?.notAfter.timeIntervalSince1970 ?? 0
        #expect(abs(expiry - leaf.certificate.notValidAfter.timeIntervalSince1970) < 2)
        #expect(observation.conditions.first?.success == true)
    }

    @Test func untrustedCertificateIsInvalid() async throws {
        let server = try await TestServer.start(tls: try TestTLSIdentity.selfSigned(), always: .ok())
        let observation = try await check(server.url(), caFile: nil)
        try await server.shutdown()
        #expect(observation.failure?.code == .certificateInvalid)
        #expect(observation.failure?.message.contains("not trusted") == true)
        #expect(server.requestCount == 0)
    }

    @Test func wrongHostCertificateIsInvalid() async throws {
        let ca = try TestCertificateAuthority()
        let leaf = try ca.issue(commonName: "other.example", dnsNames: ["other.example"], ipAddresses: [])
        let server = try await TestServer.start(tls: leaf, always: .ok())
        let observation = try await check(server.url(), caFile: try ca.writeCertificatePEM())
        try await server.shutdown()
        #expect(observation.failure?.code == .certificateInvalid)
        #expect(observation.failure?.message.contains("not valid for localhost") == true)
    }

    @Test func expiredCertificateIsExpired() async throws {
        let ca = try TestCertificateAuthority()
        let leaf = try ca.issue(notValidBefore: .now - 40 * TestCertificateAuthority.day,
                                notValidAfter: .now - 2 * TestCertificateAuthority.day)
        let server = try await TestServer.start(tls: leaf, always: .ok())
        let observation = try await check(server.url(), caFile: try ca.writeCertificatePEM())
        try await server.shutdown()
        #expect(observation.failure?.code == .certificateExpired)
        #expect(observation.failure?.layer == .transport)
    }

    @Test func plaintextServerIsHandshakeFailure() async throws {
        let server = try await TestServer.start(always: .ok())
        let observation = try await check("https://127.0.0.1:\(server.port)/", caFile: nil)
        try await server.shutdown()
        #expect(observation.failure?.code == .tlsHandshakeFailed)
    }

    @Test func silentServerIsHandshakeTimeout() async throws {
        let server = try await TestServer.startSilent()
        let request = CheckRequest(target: try Target.parse("https://127.0.0.1:\(server.port)/"),
                                   timeout: .seconds(2), retry: .never)
        let observation = await prober.check(request)
        try await server.shutdown()
        #expect(observation.failure?.code == .tlsHandshakeFailed)
        #expect(observation.failure?.message.contains("not done within") == true)
    }

    @Test func certificateExpiryConditionFailsWhenTooClose() async throws {
        let ca = try TestCertificateAuthority()
        let leaf = try ca.issue(notValidAfter: .now + 10 * TestCertificateAuthority.hour)
        let server = try await TestServer.start(tls: leaf, always: .ok())
        let observation = try await check(server.url(), caFile: try ca.writeCertificatePEM(),
                                          conditions: ["[CERTIFICATE_EXPIRATION] > 72h"])
        try await server.shutdown()
        #expect(observation.failure?.code == .conditionFailed)
    }
}
