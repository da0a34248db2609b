extension MaintenanceWindow {
    /// The window's occurrences that overlap `range` (Unix seconds), each `[start + k × every, + duration)` with both
    /// ends taken to the whole second (rounded down), as `isActive` defines them. Occurrences that overlap or touch
    /// (a duration as long as the period) come out as one span.
    public func spans(overlapping range: Range<Int64>) -> SecondSpans {
        let startMs = UTCSeconds.milliseconds(start), lengthMs = Self.milliseconds(duration)
        guard lengthMs > 0, !range.isEmpty else { return .empty }
        let upperMs = range.upperBound * 1000
        func span(_ fromMs: Int64, _ toMs: Int64) -> Range<Int64> {
            UTCSeconds.floor(fromMs, 1000) / 1000..<UTCSeconds.floor(toMs, 1000) / 1000
        }
        guard let every, Self.milliseconds(every) > 0 else {
            return SecondSpans([span(startMs, startMs + lengthMs)]).clamped(to: range)
        }
        let periodMs = Self.milliseconds(every)
        if lengthMs >= periodMs {
            return SecondSpans([span(startMs, max(startMs, upperMs))]).clamped(to: range)
        }
        // From the first occurrence that can reach into the range, every one that starts before the range ends.
        var k = max(0, (range.lowerBound * 1000 - startMs - lengthMs) / periodMs)
        var spans: [Range<Int64>] = []
        while startMs + k * periodMs < upperMs {
            let from = startMs + k * periodMs
            spans.append(span(from, from + lengthMs))
            k += 1
        }
        return SecondSpans(spans).clamped(to: range)
    }

    static func milliseconds(_ duration: Duration) -> Int64 {
        duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
    }
}
