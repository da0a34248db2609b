import Foundation
import TrustMonitorStore
import TrustMonitorCore

/// Values the checks store: every field filled, times at whole milliseconds unless a check says otherwise.
enum Fixture {
    static func at(_ text: String) -> Date {
        guard let date = RFC3339.parse(text) else { fatalError("fixture time is not RFC 3339: \(text)") }
        return date
    }

    static let endpoint = "https://api.example.com/health"

    static func observation(at start: Date, up: Bool = true, totalMs: Double? = 120.5) -> Observation {
        let attempt = Attempt(
            number: 1, startedAt: start, url: endpoint, remoteAddress: "192.0.2.10:443", status: up ? 200 : 503,
            failure: up ? nil : Failure(.http5xx, "server answered 503 Service Unavailable"),
            phases: Phases(dns: 1.25, connect: 2.5, tls: 10.125, ttfb: 30, transfer: 0.75, total: totalMs),
            headers: [HeaderField(name: "content-type", value: "application/json"),
                      HeaderField(name: "authorization", value: HeaderRedaction.placeholder)],
            body: BodyEvidence(bytesRead: 15, truncated: false, sha256: String(repeating: "ab", count: 32),
                               excerpt: #"{"status":"ok"}"#),
            redirects: [RedirectHop(url: "http://api.example.com/health", status: 301, location: endpoint)],
            certificate: certificate,
            conditions: [ConditionResult(condition: "[STATUS] == 200", success: up, actual: up ? "200" : "503",
                                         expected: "200")],
            retryAfterMs: up ? nil : 2000)
        return Observation(target: endpoint, method: "GET", startedAt: start,
                           finishedAt: start.addingTimeInterval(0.125), attempts: [attempt],
                           retryStop: up ? nil : "attempts used up")
    }

    static let certificate = CertificateInfo(
        subject: "CN=api.example.com", issuer: "CN=Example CA", notBefore: at("2024-01-01T00:00:00.000Z"),
        notAfter: at("2024-12-31T23:59:59.999Z"), dnsNames: ["api.example.com", "*.example.com"])

    static func verdict(_ probe: String, _ role: ProbeVerdict.Role, at time: Date, up: Bool) -> ProbeVerdict {
        ProbeVerdict(probe: probe, role: role, independence: "same host, fresh DNS and connection, 2s later",
                     observation: observation(at: time, up: up))
    }

    static func incident(_ id: String, monitor: MonitorRecord, openedAt: Date) -> Incident {
        Incident(id: id, monitor: monitor.id, monitorName: monitor.name, endpoint: monitor.endpoint,
                 openedAt: openedAt, failure: Failure(.http5xx, "server answered 503 Service Unavailable"),
                 verifications: [verdict("local", .primary, at: openedAt, up: false),
                                 verdict("eu-west", .verification, at: openedAt.addingTimeInterval(2), up: false)])
    }

    static func record(_ monitor: MonitorRecord, at start: Date, up: Bool = true, totalMs: Double? = 120.5,
                       probe: String = "local", role: ProbeVerdict.Role = .primary) -> ObservationRecord {
        ObservationRecord(monitor: monitor.id, probe: probe, role: role,
                          observation: observation(at: start, up: up, totalMs: totalMs))
    }

    /// A value as canonical JSON (sorted keys, dates as milliseconds), to compare values that are not
    /// `Equatable` field for field.
    static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .millisecondsSince1970
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
