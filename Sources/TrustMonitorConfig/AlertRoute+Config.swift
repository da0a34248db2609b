import TrustMonitorCore
import Yams

/// A monitor's `alerts:` items: a channel's name, or a mapping naming it with its own policy
/// (`{name: oncall, reminder: 30m, escalate_after: 15m, escalate_to: [pager]}`). Policy keys given on the
/// monitor apply to every route that does not set its own.
extension AlertRoute {
    static let configKeys = ["name", "reminder", "escalate_after", "escalate_to"]
    static let monitorKeys = ["reminder", "escalate_after", "escalate_to"]

    /// The routes and every channel name they refer to (for the whole-file check that each is defined).
    static func read(from mapping: ConfigMapping) -> (routes: [AlertRoute], references: [NameReference]) {
        let defaults = policy(mapping)
        var routes: [AlertRoute] = []
        var references = defaults.references
        for item in mapping.list("alerts") ?? [] {
            if case .scalar = item.node, let name = mapping.reader.text(item.node, path: item.path) {
                references.append(NameReference(name: name, path: item.path, position: item.node.position))
                routes.append(AlertRoute(channel: name, reminder: defaults.route.reminder,
                                         escalateAfter: defaults.route.escalateAfter, escalateTo: defaults.route.escalateTo))
                continue
            }
            guard let route = ConfigMapping(item.node, path: item.path, known: configKeys, reader: mapping.reader),
                  let name = route.requiredString("name") else { continue }
            references.append(NameReference(name: name, path: route.childPath("name"), position: route.position("name")))
            let own = policy(route)
            references += own.references
            routes.append(AlertRoute(
                channel: name, reminder: route.node("reminder") != nil ? own.route.reminder : defaults.route.reminder,
                escalateAfter: route.node("escalate_after") != nil ? own.route.escalateAfter : defaults.route.escalateAfter,
                escalateTo: route.node("escalate_to") != nil ? own.route.escalateTo : defaults.route.escalateTo))
        }
        return (routes, references)
    }

    /// `reminder`, `escalate_after` and `escalate_to` of one mapping; escalation needs both of its keys.
    private static func policy(_ mapping: ConfigMapping) -> (route: AlertRoute, references: [NameReference]) {
        let targets = (mapping.strings("escalate_to") ?? []).map {
            NameReference(name: $0.text, path: $0.path, position: $0.node.position)
        }
        let escalateAfter = mapping.duration("escalate_after", positive: true)
        if (mapping.node("escalate_after") != nil) != (mapping.node("escalate_to") != nil) {
            mapping.report("escalate_after and escalate_to go together: when, and to which channels",
                           key: mapping.node("escalate_after") != nil ? "escalate_after" : "escalate_to")
        }
        return (AlertRoute(channel: "", reminder: mapping.duration("reminder", positive: true),
                           escalateAfter: escalateAfter, escalateTo: targets.map(\.name)), targets)
    }
}

/// `maintenance:` windows: when alerts are held (checks and records go on).
extension MaintenanceWindow {
    static let configKeys = ["name", "start", "duration", "every", "monitors", "tags"]

    static func read(_ node: Node, path: String, reader: ConfigReader) -> (window: MaintenanceWindow?, monitors: [NameReference]) {
        guard let mapping = ConfigMapping(node, path: path, known: configKeys, reader: reader) else { return (nil, []) }
        let name = NameReference.read(mapping)
        let start = mapping.value("start", expected: "an RFC 3339 time") { text throws(ConfigValueError) in
            guard let date = RFC3339.parse(text) else {
                throw ConfigValueError("expected an RFC 3339 time such as 2026-12-01T02:00:00Z, found '\(text)'")
            }
            return date
        }
        if mapping.node("start") == nil { _ = mapping.require("start") }
        if mapping.node("duration") == nil { _ = mapping.require("duration") }
        let duration = mapping.duration("duration", positive: true)
        let every = mapping.duration("every", positive: true)
        if let every, let duration, duration > every {
            mapping.report("duration \(DurationText.format(duration)) is longer than every \(DurationText.format(every)): "
                + "occurrences would overlap", key: "duration")
        }
        let monitors = (mapping.strings("monitors") ?? []).map {
            NameReference(name: $0.text, path: $0.path, position: $0.node.position)
        }
        let tags = (mapping.strings("tags") ?? []).map(\.text)
        let window = reader.unlessProblems { () -> MaintenanceWindow? in
            guard let name, let start, let duration else { return nil }
            return MaintenanceWindow(name: name.name, start: start, duration: duration, every: every,
                                     monitors: monitors.map(\.name), tags: tags)
        }
        return (window, monitors)
    }
}
