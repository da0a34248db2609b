import TrustMonitorConfig
import TrustMonitorCore

/// `type: telegram`: the Bot API's sendMessage (https://core.telegram.org/bots/api#sendmessage), as plain
/// text (no parse mode, so nothing in a monitor's name or failure can break the formatting).
///
/// The bot token is part of the URL's path, so the URL is never shown: reasons name only the origin.
/// Telegram answers `{"ok":true,...}`; errors are `{"ok":false,"error_code":N,"description":...}`, with
/// `parameters.retry_after` when flooding (see `HTTPAnswer`).
enum TelegramChannel {
    static func request(for message: AlertMessage, channel: AlertChannelConfig) throws -> AlertRequest {
        let base = try channel.required("url")
        let token = try channel.required("bot_token")
        let url = (base.hasSuffix("/") ? String(base.dropLast()) : base) + "/bot\(token)/sendMessage"
        let body: JSONValue = [
            "chat_id": .string(try channel.required("chat_id")),
            // Telegram's limit on a message's text, in characters.
            "text": .string(message.plainText.truncated(to: 4096)),
            "disable_web_page_preview": true,
        ]
        return try .json(url: url, body: body)
    }
}
