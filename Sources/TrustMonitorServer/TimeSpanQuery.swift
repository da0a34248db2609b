import Foundation
import Hummingbird
import TrustMonitorCore

/// `?from=...&to=...` as RFC 3339 times: a half-open span, `to` defaulting to now and `from` to `defaultLength`
/// before `to`. A bad time, an empty or reversed span, or one longer than `maximumLength` is a 400 naming it.
struct TimeSpanQuery {
    let from: Date
    let to: Date

    init(_ query: Parameters, now: Date, defaultLength: TimeInterval = 30 * 86_400,
         maximumLength: TimeInterval = 400 * 86_400) throws {
        let to = try query.time("to") ?? now
        let from = try query.time("from") ?? to.addingTimeInterval(-defaultLength)
        guard from < to else {
            throw APIError.badParameter("from", "must be before to (\(RFC3339.format(from)) is not before \(RFC3339.format(to)))")
        }
        guard to.timeIntervalSince(from) <= maximumLength else {
            throw APIError.badParameter("from", "the span is at most \(Int(maximumLength / 86_400)) days")
        }
        self.from = from
        self.to = to
    }
}

extension Parameters {
    /// The query parameter `name` as an RFC 3339 time; nil when absent, a 400 naming it when it is not one.
    func time(_ name: String) throws -> Date? {
        try get(name).map { text in
            guard let date = RFC3339.parse(String(text)) else {
                throw APIError.badParameter(name, "'\(text)' is not an RFC 3339 time such as 2026-01-31T12:00:00Z")
            }
            return date
        }
    }
}

/// `GET /api/v1/monitors/{id}/degradations`: the periods overlapping the span, newest first.
struct DegradationPage: Encodable {
    let monitor: String
    let from: Date
    let to: Date
    let degradations: [DegradationListing]
}
