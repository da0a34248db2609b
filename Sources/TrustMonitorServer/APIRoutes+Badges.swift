import Foundation
import Hummingbird
import TrustMonitorCore
import TrustMonitorStore

/// README badges: `/badge/{monitor}/status.svg`, `/badge/{monitor}/uptime/{24h|7d|30d}.svg` and
/// `/badge/{monitor}/response-time.svg`, by monitor name. Uptime is the share of scheduled checks that were up,
/// from the hourly (24 h, 7 d) or daily (30 d) rollups; response time is the mean over the last 24 hours.
extension APIRoutes {
    static let badgeWindows: [String: (seconds: Double, period: RollupPeriod)] = [
        "24h": (86_400, .hour), "7d": (7 * 86_400, .hour), "30d": (30 * 86_400, .day),
    ]

    static func addBadgeRoutes(to router: Router<AppRequestContext>, store: any Store) {
        router.get("/badge/:monitor/status.svg") { _, context in
            let monitor = try await badgeMonitor(context, store)
            let degraded = try await store.openDegradations().contains { $0.monitor == monitor.id }
            return svg(statusBadge(ShownState(monitor.state, degraded: degraded)))
        }
        router.get("/badge/:monitor/uptime/:window") { _, context in
            let monitor = try await badgeMonitor(context, store)
            let requested = try context.parameters.require("window")
            guard requested.hasSuffix(".svg"), let window = badgeWindows[String(requested.dropLast(4))] else {
                throw APIError(.badRequest, code: "invalid_parameter",
                               message: "uptime window '\(requested)': use 24h.svg, 7d.svg or 30d.svg")
            }
            let rollups = try await store.rollups(monitor: monitor.id, period: window.period,
                                                  from: Date().addingTimeInterval(-window.seconds), to: Date())
            let checks = rollups.reduce(0) { $0 + $1.checks }
            let up = rollups.reduce(0) { $0 + $1.up }
            return svg(Badge.uptime(checks == 0 ? nil : Double(up) / Double(checks), window: String(requested.dropLast(4))))
        }
        router.get("/badge/:monitor/response-time.svg") { _, context in
            let monitor = try await badgeMonitor(context, store)
            let rollups = try await store.rollups(monitor: monitor.id, period: .hour,
                                                  from: Date().addingTimeInterval(-86_400), to: Date())
            let checks = rollups.reduce(0) { $0 + $1.checks }
            let sum = rollups.reduce(0.0) { $0 + $1.totalMsSum }
            return svg(Badge.responseTime(checks == 0 ? nil : sum / Double(checks)))
        }
    }

    /// The monitor by name; an unknown or retired one is a 404 (JSON, like every error of the API).
    private static func badgeMonitor(_ context: AppRequestContext, _ store: any Store) async throws -> MonitorRecord {
        let name = try context.parameters.require("monitor")
        guard let monitor = try await store.monitors().first(where: { $0.name == name && !$0.retired }) else {
            throw APIError.notFound("no monitor named '\(name)'")
        }
        return monitor
    }

    static func statusBadge(_ state: ShownState) -> Badge {
        switch state {
        case .up: Badge(label: "status", message: "up", color: .green)
        case .degraded: Badge(label: "status", message: "degraded", color: .orange)
        case .down: Badge(label: "status", message: "down", color: .red)
        case .suspect: Badge(label: "status", message: "checking", color: .yellow)
        case .pending: Badge(label: "status", message: "pending", color: .grey)
        case .paused: Badge(label: "status", message: "paused", color: .grey)
        }
    }

    /// Never cached: a badge says what is true now.
    private static func svg(_ badge: Badge) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "image/svg+xml; charset=utf-8"
        headers[.cacheControl] = "no-cache, max-age=0"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: badge.svg)))
    }
}
