public import TrustMonitorCore

/// One alert channel from `alerts:`: where notifications go, validated now and delivered later.
///
/// Settings stay a string map rather than one struct per service: delivery (a later module) reads the few
/// keys its type has, and every key here has been checked against that type's table, required keys
/// included, with documented defaults filled in.
public struct AlertChannelConfig: Sendable {
    public enum ChannelType: String, Sendable, CaseIterable {
        case webhook, slack, discord, teams, pagerduty, opsgenie, ntfy, telegram, email
    }

    /// Unique among channels; monitors refer to it in `alerts: [...]`.
    public var name: String
    public var type: ChannelType
    /// The type's keys that were given, plus defaults (`url` of pagerduty, opsgenie and telegram).
    /// Numbers and booleans (`port`, `starttls`) are kept as their validated text.
    public var settings: [String: String]
    /// Extra request headers (webhook only).
    public var headers: [HeaderField]

    public init(name: String, type: ChannelType, settings: [String: String], headers: [HeaderField] = []) {
        self.name = name
        self.type = type
        self.settings = settings
        self.headers = headers
    }
}

extension AlertChannelConfig.ChannelType {
    /// Keys a channel of this type must have.
    var requiredKeys: [String] {
        switch self {
        case .webhook, .slack, .discord, .teams, .ntfy: return ["url"]
        case .pagerduty: return ["routing_key"]
        case .opsgenie: return ["api_key"]
        case .telegram: return ["bot_token", "chat_id"]
        case .email: return ["host", "from", "to"]
        }
    }

    /// Keys it may have besides the required ones and `name`/`type`.
    var optionalKeys: [String] {
        switch self {
        case .webhook: return ["secret", "headers"]
        case .slack, .discord, .teams: return []
        case .pagerduty, .opsgenie, .telegram: return ["url"]
        case .ntfy: return ["token"]
        case .email: return ["port", "starttls", "username", "password"]
        }
    }

    /// The public endpoint used when `url` is left out; set it for self-hosted services, proxies and tests.
    var defaultURL: String? {
        switch self {
        case .pagerduty: return "https://events.pagerduty.com/v2/enqueue"
        case .opsgenie: return "https://api.opsgenie.com/v2/alerts"
        case .telegram: return "https://api.telegram.org"
        case .webhook, .slack, .discord, .teams, .ntfy, .email: return nil
        }
    }

    var keys: [String] { requiredKeys + optionalKeys }
}
