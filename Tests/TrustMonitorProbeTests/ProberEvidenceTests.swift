import Crypto
import Foundation
import Testing
@testable import TrustMonitorTestSupport
import TrustMonitorCore
import TrustMonitorProbe

/// What an observation keeps of a response: bounded, hashed, with secrets left out.
@Suite struct ProberEvidenceTests {
    let prober = Prober()

    @Test func largeBodyIsReadToTheLimitNotACrash() async throws {
        let server = try await TestServer.start(always: .respondStreaming(status: 200, totalBytes: 3 << 20))
        let plain = CheckRequest(target: try Target.parse(server.url()), retry: .never)
        let withBody = CheckRequest(target: try Target.parse(server.url()), conditions: [try Condition.parse("[BODY] == pat(*x*)")],
                                    retry: .never)
        let up = await prober.check(plain)
        let judged = await prober.check(withBody)
        try await server.shutdown()
        #expect(up.verdict == .up)
        #expect(up.attempts[0].body?.bytesRead == CheckRequest.defaultMaxBodyBytes)
        #expect(up.attempts[0].body?.truncated == true)
        #expect(up.attempts[0].body?.excerpt.utf8.count == 4096)
        #expect(judged.failure?.code == .conditionFailed)
    }

    @Test func bodyHashCoversWhatWasRead() async throws {
        let text = String(repeating: "0123456789", count: 1000)
        let server = try await TestServer.start(always: .ok(text))
        let observation = await prober.check(CheckRequest(target: try Target.parse(server.url()), retry: .never))
        try await server.shutdown()
        let expected = SHA256.hash(data: Array(text.utf8)).map { String(format: "%02x", $0) }.joined()
        #expect(observation.attempts[0].body?.sha256 == expected)
        #expect(observation.attempts[0].body?.bytesRead == 10_000)
        #expect(observation.attempts[0].body?.excerpt.count == 4096)
    }

    @Test func chunkedBodiesAreReassembled() async throws {
        let server = try await TestServer.start(always: .respondChunked(status: 200, chunks: ["{\"a\":", "[1,2,3]}"]))
        let observation = await prober.check(CheckRequest(
            target: try Target.parse(server.url()), conditions: [try Condition.parse("len([BODY].a) == 3")], retry: .never))
        try await server.shutdown()
        #expect(observation.verdict == .up)
        #expect(observation.attempts[0].body?.excerpt == "{\"a\":[1,2,3]}")
    }

    @Test func secretsNeverReachTheObservation() async throws {
        let server = try await TestServer.start(always: .ok("hi", headers: [("Set-Cookie", "session=s3cr3t"), ("X-Plain", "visible")]))
        let request = CheckRequest(
            target: try Target.parse(server.url()), method: "POST",
            headers: [HeaderField(name: "Authorization", value: "Bearer top-secret-token")],
            body: Array("payload".utf8), retry: .never)
        let observation = await prober.check(request)
        try await server.shutdown()
        let json = String(decoding: try JSONEncoder().encode(observation), as: UTF8.self)
        #expect(!json.contains("top-secret-token"))
        #expect(!json.contains("s3cr3t"))
        #expect(json.contains("visible"))
        #expect(server.receivedRequests.first?.header("Authorization") == "Bearer top-secret-token")
        #expect(server.receivedRequests.first?.method == "POST")
        #expect(server.receivedRequests.first?.bodyText == "payload")
    }

    @Test func slowServerWithinTimeoutIsUp() async throws {
        let server = try await TestServer.start(always: .delay(.milliseconds(150), then: .ok()))
        let observation = await prober.check(CheckRequest(target: try Target.parse(server.url()), timeout: .seconds(5),
                                                          retry: .never))
        try await server.shutdown()
        #expect(observation.verdict == .up)
        #expect((observation.phases.ttfb ?? 0) > 0)
    }
}
