/// Why an alert could not be rendered for a channel: a setting the channel type needs is missing (config
/// validation catches that for files, not for channels built in code) or the type has no such rendering.
/// Sending turns it into `.failed`: no retry can supply a missing setting.
public struct AlertRenderingError: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}
