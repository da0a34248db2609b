import Foundation
import Hummingbird
import TrustMonitorCore

/// The SLA route's query, checked: every mistake is a 400 naming its parameter.
struct SLAQuery {
    enum Format: String { case json, html }

    let period: SLAPeriodRequest.Resolved
    let format: Format
    let includeMaintenance: Bool

    init(_ query: Hummingbird.Parameters, now: Date) throws {
        guard let from = query.get("from"), let to = query.get("to") else {
            throw APIError.badParameter("from/to", "both are required: a date (2026-11-01) or an RFC 3339 time")
        }
        let formatText = query.get("format") ?? "json"
        guard let format = Format(rawValue: formatText) else {
            throw APIError.badParameter("format", "'\(formatText)' is not one of json, html")
        }
        let include = query.get("include_maintenance") ?? "false"
        guard include == "true" || include == "false" else {
            throw APIError.badParameter("include_maintenance", "'\(include)' is not true or false")
        }
        switch SLAPeriodRequest.resolve(from: from, to: to, now: now) {
        case .failure(let problem): throw APIError.badParameter(problem.parameter, problem.message)
        case .success(let period): self.period = period
        }
        self.format = format
        self.includeMaintenance = include == "true"
    }
}
