/// What a series usually measures: the typical value and how much it usually varies around it.
public struct BaselineEstimate: Sendable, Equatable {
    /// The median, in milliseconds.
    public var median: Double
    /// The scaled median absolute deviation (comparable to a standard deviation), in milliseconds.
    public var mad: Double
    /// How many samples the estimate rests on.
    public var samples: Int
    /// True when this is the hour-of-day profile rather than the recent window.
    public var seasonal: Bool

    public init(median: Double, mad: Double, samples: Int, seasonal: Bool) {
        self.median = median
        self.mad = mad
        self.samples = samples
        self.seasonal = seasonal
    }
}
