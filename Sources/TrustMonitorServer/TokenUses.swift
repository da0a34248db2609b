import Foundation

/// When each token was last recorded as used, so a busy client costs one `touchToken` write a minute, not one a
/// request. In memory: a restart or another replica records one use more, which is harmless.
actor TokenUses {
    private var recorded: [String: Date] = [:]
    private let interval: TimeInterval

    init(interval: Duration = .seconds(60)) {
        self.interval = Double(interval.components.seconds)
    }

    /// Whether a use of `tokenID` at `now` is to be written; if so, it counts as written.
    func isDue(_ tokenID: String, now: Date) -> Bool {
        if let last = recorded[tokenID], now.timeIntervalSince(last) < interval { return false }
        recorded[tokenID] = now
        return true
    }
}
