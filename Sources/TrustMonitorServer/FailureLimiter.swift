import Foundation

/// Slows guessing: failed sign-ins and unknown bearer tokens are counted per client address, and an address with
/// `limit` failures within `window` is refused (429, with how long to wait) until the oldest of them ages out.
/// Other addresses are not affected.
///
/// The counts live in this replica's memory: several replicas each allow `limit` failures, and a restart forgets
/// them. That still turns a search of 256-bit secrets into a handful of guesses per window per address; a
/// database round trip per failed request would cost more than it adds.
actor FailureLimiter {
    let limit: Int
    let window: Duration
    private var failures: [String: [Date]] = [:]
    /// Past this many addresses, those whose failures have all aged out are dropped.
    private let pruneAbove = 10_000

    init(limit: Int = 5, window: Duration = .seconds(300)) {
        self.limit = limit
        self.window = window
    }

    /// Whole seconds until `address` may try again; nil when it may now.
    func retryAfter(_ address: String, now: Date) -> Int? {
        guard limit > 0 else { return nil }
        let recent = recentFailures(address, now: now)
        guard recent.count >= limit, let oldest = recent.first else { return nil }
        return max(1, Int((oldest.addingTimeInterval(windowSeconds).timeIntervalSince(now)).rounded(.up)))
    }

    func recordFailure(_ address: String, now: Date) {
        guard limit > 0 else { return }
        failures[address] = recentFailures(address, now: now) + [now]
        if failures.count > pruneAbove {
            failures = failures.filter { _, dates in dates.contains { now.timeIntervalSince($0) < windowSeconds } }
        }
    }

    private var windowSeconds: TimeInterval { Double(window.components.seconds) }

    private func recentFailures(_ address: String, now: Date) -> [Date] {
        (failures[address] ?? []).filter { now.timeIntervalSince($0) < windowSeconds }
    }
}
