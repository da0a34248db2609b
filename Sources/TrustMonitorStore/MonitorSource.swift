/// Who defines a monitor: the configuration file or the API. One owner at a time, names unique across both; when
/// the file names a monitor the API made, the file takes it over (with its history) at the next load.
public enum MonitorSource: String, Codable, Sendable, CaseIterable {
    case config, api
}
