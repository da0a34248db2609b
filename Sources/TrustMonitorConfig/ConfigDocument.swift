import TrustMonitorCore
import Yams

/// The file's top level: `server`, `storage`, `monitors`, `alerts`, and the checks that span them.
///
/// Top-level keys starting with `x-` are ignored, as in Compose files: a place for YAML anchors shared by
/// several monitors (`x-defaults: &defaults {...}`, then `<<: *defaults` in each).
enum ConfigDocument {
    static let keys = ["server", "storage", "monitors", "alerts", "maintenance", "status_page"]

    /// The configuration, or nil with every problem reported to `reader`.
    static func read(_ yaml: String, reader: ConfigReader) -> Configuration? {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch {
            YAMLSyntaxProblem.report(error, in: yaml, to: reader)
            return nil
        }
        guard let root, !ConfigReader.isNull(root) else { return Configuration() }
        guard let top = ConfigMapping(root, path: "", known: keys, reader: reader, ignoring: { $0.hasPrefix("x-") })
        else { return nil }

        let server = ServerSettings.read(from: top.mapping("server", known: ServerSettings.configKeys))
        let storage = StorageSettings.read(from: top.mapping("storage", known: StorageSettings.configKeys),
                                           dataDir: server?.dataDir ?? ServerSettings.defaultDataDir)
        let channels = (top.list("alerts") ?? []).map {
            AlertChannelConfig.read($0.node, path: $0.path, reader: reader)
        }
        let monitors = (top.list("monitors") ?? []).map { MonitorConfig.read($0.node, path: $0.path, reader: reader) }

        let maintenance = (top.list("maintenance") ?? []).map {
            MaintenanceWindow.read($0.node, path: $0.path, reader: reader)
        }

        let statusPage = StatusPageSettings.read(from: top.mapping("status_page", known: StatusPageSettings.configKeys))

        let channelNames = channels.compactMap(\.name)
        NameReference.reportDuplicates(monitors.compactMap(\.name), kind: "monitor", reader: reader)
        NameReference.reportDuplicates(channelNames, kind: "alert channel", reader: reader)
        NameReference.reportUnknown(monitors.flatMap(\.alertReferences), defined: channelNames,
                                    kind: "alert channel", reader: reader)
        NameReference.reportUnknown(maintenance.flatMap(\.monitors) + statusPage.monitors,
                                    defined: monitors.compactMap(\.name), kind: "monitor", reader: reader)

        guard reader.problems.isEmpty, let server, let storage else { return nil }
        return Configuration(server: server, storage: storage, monitors: monitors.compactMap(\.monitor),
                             alerts: channels.compactMap(\.channel), maintenance: maintenance.compactMap(\.window),
                             statusPage: statusPage.settings)
    }
}
