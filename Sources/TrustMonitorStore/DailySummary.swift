public import TrustMonitorLedger

/// One monitor's `summary.daily` ledger entry for one UTC day, before it is appended (see
/// `Store.appendDailySummaries`).
public struct DailySummaryDraft: Sendable, Equatable {
    public var monitor: String
    /// `YYYY-MM-DD` (UTC).
    public var day: String
    public var entry: LedgerEntryDraft

    public init(monitor: String, day: String, entry: LedgerEntryDraft) {
        self.monitor = monitor
        self.day = day
        self.entry = entry
    }
}

/// A day's summary as the ledger holds it: which monitor and day, and its entry's exact bytes and seq.
public struct DailySummaryRecord: Sendable, Equatable {
    public var monitor: String
    public var day: String
    public var entry: StoredLedgerEntry

    public init(monitor: String, day: String, entry: StoredLedgerEntry) {
        self.monitor = monitor
        self.day = day
        self.entry = entry
    }
}
