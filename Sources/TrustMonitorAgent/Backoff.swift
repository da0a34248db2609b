/// Waits between tries when the server cannot be reached: doubling from `base` up to `cap`, with "equal
/// jitter" (half fixed, half random) so a fleet of agents cut off together does not return in lockstep.
///
/// The same shape as `RetryPolicy`'s backoff, which is internal to the core and tied to failure codes.
struct Backoff: Sendable {
    var base: Duration = .seconds(1)
    var cap: Duration = .seconds(30)

    /// The wait after `failures` consecutive failures (1 = the first).
    func delay(afterFailures failures: Int, random: inout some RandomNumberGenerator) -> Duration {
        let doublings = min(max(failures - 1, 0), 30)
        var step = base * (1 << doublings)
        if step > cap || step < .zero { step = cap }
        let half = step / 2
        return half + half * Double.random(in: 0..<1, using: &random)
    }

    func delay(afterFailures failures: Int) -> Duration {
        var random = SystemRandomNumberGenerator()
        return delay(afterFailures: failures, random: &random)
    }
}
