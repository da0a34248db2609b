public import struct Foundation.Date

/// The period a report is asked for, as a person writes it (`--from 2026-11-01 --to 2026-11-30`, or RFC 3339 times),
/// read into the exact half-open interval of whole seconds the report covers.
public enum SLAPeriodRequest {
    public struct Resolved: Sendable, Equatable {
        /// `[from, to)` in Unix seconds, cut at now.
        public var range: Range<Int64>
        /// What `to` was before it was cut at now; nil when it was not.
        public var requestedTo: Int64?
    }

    /// Which parameter is wrong and why, in words for a one-line message.
    public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
        public var parameter: String
        public var message: String
        public var description: String { "\(parameter): \(message)" }
    }

    /// A bare `YYYY-MM-DD` is that UTC day: its start for `from`, its end for `to` (so `--to` names the last day
    /// included); an RFC 3339 time is taken to the whole second. A `to` past `now` is cut at now; a period that
    /// starts at or after now, or ends where it starts, is refused.
    public static func resolve(from: String, to: String, now: Date) -> Result<Resolved, Problem> {
        guard let start = time(from, endOfDay: false) else { return .failure(unparsable("from", from)) }
        guard let end = time(to, endOfDay: true) else { return .failure(unparsable("to", to)) }
        guard start < end else {
            return .failure(Problem(parameter: "to", message: "'\(to)' is not after from ('\(from)')"))
        }
        let current = UTCSeconds.of(now)
        guard start < current else {
            return .failure(Problem(parameter: "from", message: "'\(from)' is not in the past: there is nothing to report yet"))
        }
        return .success(end > current ? Resolved(range: start..<current, requestedTo: end)
                                      : Resolved(range: start..<end, requestedTo: nil))
    }

    static func time(_ text: String, endOfDay: Bool) -> Int64? {
        if let day = UTCSeconds.dayStart(text) { return endOfDay ? day + UTCSeconds.day : day }
        return RFC3339.parse(text).map(UTCSeconds.of)
    }

    private static func unparsable(_ parameter: String, _ text: String) -> Problem {
        Problem(parameter: parameter,
                message: "'\(text)' is not a date (2026-11-01) or an RFC 3339 time (2026-11-01T00:00:00Z)")
    }
}
