import Foundation
import TrustMonitorConfig

/// An email channel's server and credentials, read once from its settings with the documented defaults:
/// STARTTLS on, port 587 with it and 25 without.
struct SMTPSettings: Sendable, Equatable {
    var host: String
    var port: Int
    var startTLS: Bool
    var username: String?
    var password: String?

    init(_ channel: AlertChannelConfig) throws(AlertRenderingError) {
        host = try channel.required("host")
        startTLS = channel.optional("starttls").map { $0.lowercased() == "true" } ?? true
        port = channel.optional("port").flatMap(Int.init) ?? (startTLS ? 587 : 25)
        username = channel.optional("username")
        password = channel.optional("password")
        if username != nil, password == nil {
            throw AlertRenderingError("channel '\(channel.name)' has a 'username' but no 'password'")
        }
    }

    /// Credentials may cross a plain connection only to this machine, where nobody else is on the wire.
    var isLoopback: Bool {
        let name = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        return name == "localhost" || name == "::1" || name.hasPrefix("127.")
    }

    var address: String { "\(host):\(port)" }
}
