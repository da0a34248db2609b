public import struct Foundation.Date

extension Date {
    /// Whole milliseconds since 1970 (UTC): how the store keeps every time, so a round trip is exact.
    ///
    /// A `Date` built from whole milliseconds can sit a hair below its millisecond in binary floating point
    /// (dates before 1985 or after 2032 often do), so a value within a microsecond of a whole millisecond is
    /// taken as that millisecond; anything else is truncated, as `RFC3339.format` truncates.
    public var epochMilliseconds: Int64 {
        let exact = timeIntervalSince1970 * 1000
        let nearest = exact.rounded()
        return Int64(abs(exact - nearest) < 0.001 ? nearest : exact.rounded(.down))
    }

    /// The date of a whole millisecond since 1970 (UTC); `epochMilliseconds` gives `milliseconds` back.
    public init(epochMilliseconds milliseconds: Int64) {
        self.init(timeIntervalSince1970: Double(milliseconds) / 1000)
    }
}
