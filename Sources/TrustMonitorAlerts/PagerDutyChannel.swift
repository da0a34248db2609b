import TrustMonitorConfig
import TrustMonitorCore

/// `type: pagerduty`: the Events API v2 (https://developer.pagerduty.com/docs/events-api-v2/trigger-events/).
///
/// The incident's id is the `dedup_key`, so the opening, its reminders and escalation are one PagerDuty
/// alert, and the recovery's `resolve` closes exactly that alert. Events without an incident (certificate
/// warnings, tests) are keyed by their event id. PagerDuty answers 202 `{"status":"success",...}`.
enum PagerDutyChannel {
    static func request(for message: AlertMessage, channel: AlertChannelConfig) throws -> AlertRequest {
        try .json(url: channel.required("url"), body: payload(message, routingKey: channel.required("routing_key")))
    }

    static func payload(_ message: AlertMessage, routingKey: String) -> JSONValue {
        // The API's limit on dedup_key is 255 characters.
        let dedupKey = JSONValue.string(String(message.foldingKey.prefix(255)))
        guard !message.isEnding else {
            return ["routing_key": .string(routingKey), "event_action": "resolve", "dedup_key": dedupKey]
        }
        var event: [String: JSONValue] = [
            "routing_key": .string(routingKey),
            "event_action": "trigger",
            "dedup_key": dedupKey,
            "client": "TrustMonitor",
            "payload": [
                "summary": .string(message.summary.truncated(to: 1024)),
                "source": .string(source(message.endpoint)),
                "severity": .string(severity(message.kind)),
                "timestamp": .time(message.at),
                "component": .string(message.monitorName),
                "custom_details": customDetails(message),
            ],
        ]
        if let bundleURL = message.bundleURL {
            event["links"] = [["href": .string(bundleURL), "text": "Evidence bundle"]]
        }
        return .object(event)
    }

    /// PagerDuty's severities: the incident at `critical` (a reminder is the same outage, still on),
    /// an expiring certificate a `warning`, a test `info`. A `resolve` carries none.
    static func severity(_ kind: AlertMessage.Kind) -> String {
        switch kind {
        case .opened, .escalation, .reminder, .resolved: return "critical"
        case .certificateExpiring, .degraded, .degradationEnded: return "warning"
        case .test: return "info"
        }
    }

    /// The endpoint's host: what PagerDuty groups and displays as "where it happened".
    private static func source(_ endpoint: String) -> String {
        (try? Target.parse(endpoint).host) ?? endpoint
    }

    private static func customDetails(_ message: AlertMessage) -> JSONValue {
        var details: [String: JSONValue] = [
            "event": .string(message.kind.rawValue),
            "event_id": .string(message.eventID),
            "monitor_id": .string(message.monitorID),
            "endpoint": .string(message.endpoint),
        ]
        if let incidentID = message.incidentID { details["incident_id"] = .string(incidentID) }
        if let failure = message.failure {
            details["failure"] = ["code": .string(failure.code.rawValue), "layer": .string(failure.layer.rawValue),
                                  "message": .string(failure.message)]
        }
        if let openedAt = message.openedAt { details["opened_at"] = .time(openedAt) }
        if !message.confirmations.isEmpty {
            details["confirmations"] = .array(message.confirmations.map(JSONValue.string))
        }
        if let expiry = message.certificateExpiresAt { details["certificate_expires_at"] = .time(expiry) }
        return .object(details)
    }
}
