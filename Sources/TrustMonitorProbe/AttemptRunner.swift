import Crypto
import NIOCore
import NIOHTTP1
import NIOSSL
import TrustMonitorCore

import struct Foundation.Date

/// Runs one attempt: the first hop, the redirects it leads to, and the judgement of the final response.
struct AttemptRunner: Sendable {
    static let excerptLimit = 4096
    static let userAgent = "TrustMonitor/0.1 (+uptime check)"

    let connector: HopConnector

    func run(_ request: CheckRequest, number: Int, deadline: NIODeadline, tlsContext: NIOSSLContext?,
             on eventLoop: any EventLoop) async -> Attempt {
        let startedAt = Date()
        let start = NIODeadline.now()
        var target = request.target
        var method = request.method
        var body = request.body
        var headers = request.headers
        var redirects: [RedirectHop] = []
        var visited: Set<String> = [target.description]
        var phases = Phases()

        while true {
            let hop = HopRequest(target: target, method: method, headers: Self.httpHeaders(headers, for: target, body: body),
                                 body: body, maxBodyBytes: request.maxBodyBytes, deadline: deadline,
                                 tlsContext: target.scheme == .https ? tlsContext : nil)
            let outcome = (try? await connector.run(hop, on: eventLoop).get()) ?? HopOutcome(
                failure: Failure(.connectionReset, "connection failed unexpectedly"))
            phases.accumulate(outcome.phases)
            var attempt = Attempt(number: number, startedAt: startedAt, url: target.description,
                                  remoteAddress: outcome.remoteAddress, status: outcome.status,
                                  phases: phases, headers: HeaderRedaction.redacted(outcome.headers),
                                  body: outcome.status == nil ? nil : Self.evidence(outcome),
                                  redirects: redirects, certificate: outcome.certificate)
            attempt.phases.total = HopHandler.ms(from: start, to: .now())
            if let failure = outcome.failure {
                attempt.failure = failure
                return attempt
            }
            attempt.retryAfterMs = Self.retryAfter(outcome).map { $0.milliseconds }

            if let status = outcome.status, Self.isRedirect(status), request.maxRedirects > 0,
               let location = outcome.headers.first(where: { $0.name.lowercased() == "location" })?.value
            {
                let hopRecord = RedirectHop(url: target.description, status: status, location: location)
                guard let next = try? target.resolving(location: location) else {
                    attempt.failure = Failure(.protocolError, "redirect to an unusable Location '\(location)'")
                    return attempt
                }
                redirects.append(hopRecord)
                attempt.redirects = redirects
                if visited.contains(next.description) {
                    let chain = (redirects.map(\.url) + [next.description]).joined(separator: " → ")
                    attempt.failure = Failure(.unexpectedStatus, "redirect loop: \(chain)")
                    return attempt
                }
                if redirects.count > request.maxRedirects {
                    attempt.failure = Failure(.unexpectedStatus, "more than \(request.maxRedirects) redirects")
                    return attempt
                }
                if next.host != target.host { headers = headers.filter { !HeaderRedaction.isSensitive($0.name) } }
                if status == 303 || ((status == 301 || status == 302) && method == "POST") {
                    method = method == "HEAD" ? "HEAD" : "GET"
                    body = nil
                }
                visited.insert(next.description)
                target = next
                continue
            }

            let context = ConditionContext(
                status: outcome.status, body: outcome.body, bodyTruncated: outcome.bodyTruncated,
                headers: outcome.headers, responseTime: .nanoseconds(Int64((attempt.phases.total ?? 0) * 1e6)),
                certificateExpiration: outcome.certificate.map {
                    .milliseconds(Int64($0.notAfter.timeIntervalSince(Date()) * 1000))
                },
                connected: true, ip: outcome.remoteAddress.map(Self.hostPart))
            let judged = ResponseJudgement.judge(conditions: request.conditions, context: context)
            attempt.conditions = judged.results
            attempt.failure = judged.failure
            return attempt
        }
    }

    static func isRedirect(_ status: Int) -> Bool { [301, 302, 303, 307, 308].contains(status) }

    /// Default headers first, the user's replace them by name (so a user can set Host or User-Agent).
    static func httpHeaders(_ user: [HeaderField], for target: Target, body: [UInt8]?) -> HTTPHeaders {
        var headers = HTTPHeaders()
        let userNames = Set(user.map { $0.name.lowercased() })
        if !userNames.contains("host") { headers.add(name: "Host", value: target.hostHeader) }
        if !userNames.contains("user-agent") { headers.add(name: "User-Agent", value: userAgent) }
        if !userNames.contains("accept") { headers.add(name: "Accept", value: "*/*") }
        headers.add(name: "Connection", value: "close")
        if let body, !body.isEmpty { headers.add(name: "Content-Length", value: String(body.count)) }
        for field in user where field.name.lowercased() != "connection" && field.name.lowercased() != "content-length" {
            headers.add(name: field.name, value: field.value)
        }
        return headers
    }

    static func evidence(_ outcome: HopOutcome) -> BodyEvidence {
        let digest = SHA256.hash(data: outcome.body)
        let hex = HexCoding.encode(digest)
        let excerpt = String(decoding: outcome.body.prefix(excerptLimit), as: UTF8.self)
        return BodyEvidence(bytesRead: outcome.body.count, truncated: outcome.bodyTruncated, sha256: hex,
                            excerpt: excerpt)
    }

    static func retryAfter(_ outcome: HopOutcome) -> Duration? {
        guard outcome.status == 429 || outcome.status == 503,
              let value = outcome.headers.first(where: { $0.name.lowercased() == "retry-after" })?.value
        else { return nil }
        return RetryAfter.parse(value, now: Date())
    }

    static func hostPart(_ address: String) -> String {
        if address.hasPrefix("["), let close = address.firstIndex(of: "]") {
            return String(address[address.index(after: address.startIndex)..<close])
        }
        return address.split(separator: ":").first.map(String.init) ?? address
    }
}
