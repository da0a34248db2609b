import Foundation
import TrustMonitorCore
import TrustMonitorConfig

extension AlertChannelConfig {
    /// A setting the channel's type requires. Validation guarantees it for channels read from a file; one
    /// built in code may lack it, which is a `.failed` delivery, not a crash.
    func required(_ key: String) throws(AlertRenderingError) -> String {
        guard let value = optional(key) else {
            throw AlertRenderingError("channel '\(name)' (\(type.rawValue)) has no '\(key)' setting")
        }
        return value
    }

    /// A setting that may be left out; an empty value counts as left out.
    func optional(_ key: String) -> String? {
        guard let value = settings[key], !value.isEmpty else { return nil }
        return value
    }

    /// Values that must never appear in a reason, an answer kept for the record, or a log line: credentials,
    /// and for HTTP channels the URL's path and query, which for Slack, Discord and Teams webhooks is the
    /// credential itself.
    var secrets: [String] {
        var secrets = ["secret", "token", "bot_token", "routing_key", "api_key", "password"].compactMap(optional)
        if type != .email, let url = optional("url") {
            let origin = AlertRequest.origin(of: url)
            secrets.append(url)
            if url.hasPrefix(origin), url.count > origin.count + 1 {
                secrets.append(String(url.dropFirst(origin.count)))
            }
        }
        secrets += headers.filter { HeaderRedaction.isSensitive($0.name) }.map(\.value)
        // Longest first, so a secret that contains another is replaced whole.
        return secrets.filter { $0.count >= 4 }.sorted { $0.count > $1.count }
    }

    /// `text` with every secret of this channel replaced.
    func redacting(_ text: String) -> String {
        secrets.reduce(text) { text, secret in text.replacingOccurrences(of: secret, with: "[redacted]") }
    }
}
