import Foundation
import TrustMonitorCore
import TrustMonitorStore

/// Text for server-rendered pages, made by integer arithmetic rather than formatters: a page of a thousand
/// monitors writes a hundred thousand figures, and `String(format:)` or a date formatter per figure would cost
/// more than reading the database.
enum PageText {
    /// `text` safe inside an element or a quoted attribute, in HTML and in SVG (XML); text with nothing to escape is
    /// returned as it is.
    static func escape(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else {
            return text
        }
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&apos;"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }

    /// `up` of `checks` as a percentage with two decimals, rounded down ("99.95%"): a day with one failed check
    /// in ten thousand never reads 100.00%. Nil without checks.
    static func percent(up: Int, of checks: Int) -> String? {
        guard checks > 0 else { return nil }
        let basisPoints = up * 10_000 / checks
        let hundredths = basisPoints % 100
        return "\(basisPoints / 100).\(hundredths < 10 ? "0" : "")\(hundredths)%"
    }

    /// One decimal, rounded half away from zero ("12.5").
    static func oneDecimal(_ value: Double) -> String {
        guard value.isFinite else { return "0.0" }
        let tenths = Int((value * 10).rounded())
        return "\(tenths < 0 ? "-" : "")\(abs(tenths) / 10).\(abs(tenths) % 10)"
    }

    /// Whole milliseconds ("84 ms"); nil stays nil.
    static func milliseconds(_ value: Double?) -> String? {
        value.map { "\(Int($0.rounded())) ms" }
    }

    /// The UTC calendar day of `date` ("2026-11-25").
    static func day(_ date: Date) -> String { String(RFC3339.format(date).prefix(10)) }

    /// The UTC time to the minute, as people scan a list ("2026-11-25 14:03 UTC").
    static func minute(_ date: Date) -> String {
        let text = RFC3339.format(date)
        return "\(text.prefix(10)) \(text.dropFirst(11).prefix(5)) UTC"
    }

    /// How long ago, in the largest whole unit ("45 s ago", "3 min ago", "2 h ago", "5 d ago").
    static func ago(_ date: Date, now: Date) -> String {
        let seconds = max(0, Int(now.timeIntervalSince(date)))
        switch seconds {
        case ..<60: return "\(seconds) s ago"
        case ..<3600: return "\(seconds / 60) min ago"
        case ..<86_400: return "\(seconds / 3600) h ago"
        default: return "\(seconds / 86_400) d ago"
        }
    }
}
