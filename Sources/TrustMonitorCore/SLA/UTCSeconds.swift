public import struct Foundation.Date

/// Whole Unix seconds, UTC days and hours: the grid SLA figures are computed on. Unix time has no leap seconds, so
/// every UTC day is 86,400 seconds and every hour 3,600, each starting at a multiple of its length.
public enum UTCSeconds {
    public static let hour: Int64 = 3_600
    public static let day: Int64 = 86_400

    /// The whole second `date` falls in (rounded down). A date made from whole milliseconds that sits a hair below
    /// one in binary counts as that millisecond, as `RFC3339.format` reads it.
    public static func of(_ date: Date) -> Int64 {
        floor(milliseconds(date), 1000) / 1000
    }

    /// The whole millisecond `date` falls in, read as `of` reads seconds.
    public static func milliseconds(_ date: Date) -> Int64 {
        let exact = date.timeIntervalSince1970 * 1000
        let nearest = exact.rounded()
        return Int64(abs(exact - nearest) < 0.001 ? nearest : exact.rounded(.down))
    }

    public static func date(_ seconds: Int64) -> Date { Date(timeIntervalSince1970: Double(seconds)) }

    /// The start of the day, hour (any length) holding `seconds`.
    public static func floor(_ seconds: Int64, _ length: Int64) -> Int64 {
        let offset = seconds % length
        return seconds - (offset < 0 ? offset + length : offset)
    }

    /// `2026-11-25` for any second of that UTC day.
    public static func dayText(_ seconds: Int64) -> String {
        let (year, month, day) = RFC3339.civil(fromDays: Int(floor(seconds, Self.day) / Self.day))
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    /// The first second of the UTC day written `YYYY-MM-DD`; nil for anything else (or an impossible date).
    public static func dayStart(_ text: String) -> Int64? {
        guard text.utf8.count == 10, let date = RFC3339.parse(text + "T00:00:00Z") else { return nil }
        return of(date)
    }

    /// The UTC days `range` touches, each as the part of it inside that day, in order.
    public static func days(in range: Range<Int64>) -> [Range<Int64>] {
        var parts: [Range<Int64>] = []
        var start = range.lowerBound
        while start < range.upperBound {
            let end = min(floor(start, day) + day, range.upperBound)
            parts.append(start..<end)
            start = end
        }
        return parts
    }
}
