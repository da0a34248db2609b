/// The monitor columns every backend's monitor queries read, in the order their row readers expect.
enum MonitorColumns {
    static let list = "id, name, endpoint, interval_ms, state, state_since, created_at, retired_at, source, paused"
}
