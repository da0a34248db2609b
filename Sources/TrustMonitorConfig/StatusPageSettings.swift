import Yams

/// What the public status page (`/status`) shows: its title, and which monitors in which groups
/// (`status_page: {title, groups: [{name, monitors: [...]}]}`). Without groups every monitor is shown, by name;
/// with groups only the monitors they list, in their order.
public struct StatusPageSettings: Sendable, Equatable {
    public struct Group: Sendable, Equatable {
        public var name: String
        public var monitors: [String]

        public init(name: String, monitors: [String]) {
            self.name = name
            self.monitors = monitors
        }
    }

    public var title: String
    public var groups: [Group]

    public static let defaultTitle = "Status"

    public init(title: String = StatusPageSettings.defaultTitle, groups: [Group] = []) {
        self.title = title
        self.groups = groups
    }
}

extension StatusPageSettings {
    static let configKeys = ["title", "groups"]
    static let groupKeys = ["name", "monitors"]

    /// The settings and the monitor names the groups refer to (each must be a configured monitor).
    static func read(from mapping: ConfigMapping?) -> (settings: StatusPageSettings, monitors: [NameReference]) {
        guard let mapping else { return (StatusPageSettings(), []) }
        var settings = StatusPageSettings()
        if let title = mapping.string("title") {
            if title.trimmingCharacters(in: .whitespaces).isEmpty {
                mapping.report("title must not be empty", key: "title")
            } else {
                settings.title = title
            }
        }
        var references: [NameReference] = []
        for item in mapping.list("groups") ?? [] {
            guard let group = ConfigMapping(item.node, path: item.path, known: groupKeys, reader: mapping.reader),
                  let name = group.requiredString("name") else { continue }
            _ = group.require("monitors")
            let monitors = (group.strings("monitors") ?? []).map {
                NameReference(name: $0.text, path: $0.path, position: $0.node.position)
            }
            references += monitors
            settings.groups.append(Group(name: name, monitors: monitors.map(\.name)))
        }
        return (settings, references)
    }
}
