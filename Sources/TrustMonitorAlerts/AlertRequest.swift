public import TrustMonitorCore

/// One HTTP request to one receiver, exactly as it will be sent: rendering is pure and separate from
/// sending, so every channel's payload can be checked byte for byte without a network.
public struct AlertRequest: Sendable, Equatable {
    /// Where it goes. May carry a secret (Telegram's bot token, the path of a Slack or Discord webhook):
    /// never log it; reasons name the receiver by `AlertRequest.origin(of:)`.
    public var url: String
    public var method: String
    /// In order; a header that must not be repeated appears once.
    public var headers: [HeaderField]
    public var body: [UInt8]

    public init(url: String, method: String = "POST", headers: [HeaderField], body: [UInt8]) {
        self.url = url
        self.method = method
        self.headers = headers
        self.body = body
    }

    /// The first value of a header, matched case-insensitively.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// A POST of a JSON document, the form of every receiver but ntfy.
    static func json(url: String, body: JSONValue, headers: [HeaderField] = []) throws -> AlertRequest {
        AlertRequest(url: url, headers: [HeaderField(name: "Content-Type", value: "application/json")] + headers,
                     body: try body.encoded())
    }

    /// `scheme://host:port` of a URL, the only part of a receiver's address a message may show: paths and
    /// queries of webhook URLs are often the credential itself.
    static func origin(of url: String) -> String {
        guard let target = try? Target.parse(url) else { return "the receiver" }
        return "\(target.scheme.rawValue)://\(target.hostHeader)"
    }
}
