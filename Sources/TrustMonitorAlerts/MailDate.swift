import struct Foundation.Date
import TrustMonitorCore

/// The RFC 5322 date-time of a Date header, in UTC: `Thu, 13 Feb 2025 10:00:00 +0000`.
///
/// Written from our RFC 3339 text rather than with a DateFormatter: no locale or calendar object is
/// involved, so every machine writes the same English names.
enum MailDate {
    private static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    static func format(_ date: Date) -> String {
        // "2025-02-13T10:00:00.000Z"
        let text = Array(RFC3339.format(date))
        func part(_ range: Range<Int>) -> String { String(text[range]) }
        let month = months[(Int(part(5..<7)) ?? 1) - 1]
        // 1970-01-01 was a Thursday.
        let days = Int((date.timeIntervalSince1970 / 86400).rounded(.down))
        let weekday = weekdays[((days + 4) % 7 + 7) % 7]
        return "\(weekday), \(part(8..<10)) \(month) \(part(0..<4)) \(part(11..<19)) +0000"
    }
}
