public import struct Foundation.Date

extension AlertMessage {
    /// The alert `trustmonitor alert test` and the API's channel test send: no monitor, no incident, an event of
    /// its own each time (so a receiver that dedups still shows it).
    public static func test(channel: String, at now: Date) -> AlertMessage {
        AlertMessage(kind: .test, eventID: "test:\(Int64(now.timeIntervalSince1970 * 1000))", monitorID: "test",
                     monitorName: "trustmonitor", endpoint: channel, at: now)
    }

    /// `<event id>/<channel>`: the key every sender gives a receiver that dedups.
    public func idempotencyKey(channel: String) -> String { "\(eventID)/\(channel)" }
}
