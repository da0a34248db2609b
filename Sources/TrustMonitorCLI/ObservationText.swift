import TrustMonitorCore

import struct Foundation.Date

/// The person-readable form of an observation: verdict first, then why, then the details an on-call
/// engineer asks for next (phases, conditions, certificate, each attempt).
enum ObservationText {
    static func render(_ observation: Observation, now: Date = Date()) -> String {
        var lines: [String] = []
        lines.append("\(observation.verdict == .up ? "UP" : "DOWN")  \(observation.method) \(observation.target)")
        if let failure = observation.failure {
            lines.append(row("failure", "\(failure.code.rawValue) (\(failure.layer.rawValue)): \(failure.message)"))
        }
        if let status = observation.status { lines.append(row("status", String(status))) }
        lines.append(row("phases", phases(observation.phases)))
        if let certificate = observation.certificate {
            let days = Int(certificate.notAfter.timeIntervalSince(now) / 86400)
            let relative = days >= 0 ? "in \(days) days" : "\(-days) days ago"
            lines.append(row("certificate", "\(certificate.subject), expires \(RFC3339.format(certificate.notAfter)) (\(relative))"))
        }
        if let last = observation.attempts.last {
            if let body = last.body {
                lines.append(row("body", "\(body.bytesRead) bytes\(body.truncated ? " (truncated at the limit)" : ""), sha256 \(body.sha256.prefix(16))…"))
            }
            if !last.redirects.isEmpty {
                lines.append(row("redirects", last.redirects.map { "\($0.status) \($0.url)" }.joined(separator: " → ") + " → \(last.url)"))
            }
        }
        if !observation.conditions.isEmpty {
            lines.append("  conditions")
            let width = observation.conditions.map(\.condition.count).max() ?? 0
            for result in observation.conditions {
                let mark = result.success ? "✓" : "✗"
                let padded = result.condition.padding(toLength: width)
                var line = "    \(mark) \(padded)  actual: \(result.actual.isEmpty ? "(empty)" : result.actual)"
                if let error = result.error { line += "  (\(error))" }
                lines.append(line)
            }
        }
        lines.append("  attempts")
        for attempt in observation.attempts {
            var line = "    #\(attempt.number)  \(RFC3339.format(attempt.startedAt))  "
            line += attempt.failure?.code.rawValue ?? "ok"
            if let status = attempt.status { line += "  HTTP \(status)" }
            line += "  total \(ms(attempt.phases.total))"
            if let retryAfter = attempt.retryAfterMs { line += "  Retry-After \(retryAfter) ms" }
            if let delay = attempt.delayBeforeNextMs { line += "  then waited \(delay) ms" }
            lines.append(line)
        }
        if let stop = observation.retryStop { lines.append(row("retry", "stopped: \(stop)")) }
        return lines.joined(separator: "\n")
    }

    static func phases(_ phases: Phases) -> String {
        let named: [(String, Double?)] = [("dns", phases.dns), ("connect", phases.connect), ("tls", phases.tls),
                                          ("ttfb", phases.ttfb), ("transfer", phases.transfer), ("total", phases.total)]
        return named.map { "\($0.0) \(ms($0.1))" }.joined(separator: " · ")
    }

    static func ms(_ value: Double?) -> String {
        guard let value else { return "-" }
        return value < 10 ? "\((value * 100).rounded() / 100) ms" : "\((value * 10).rounded() / 10) ms"
    }

    private static func row(_ label: String, _ value: String) -> String {
        "  \(label.padding(toLength: 12))\(value)"
    }
}

extension String {
    func padding(toLength length: Int) -> String {
        count >= length ? self : self + String(repeating: " ", count: length - count)
    }
}
