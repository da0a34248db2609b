import Foundation
import TrustMonitorCore

/// A monitor's check, built from its keys by the rules of `trustmonitor check` (see `RequestRules`).
extension CheckRequest {
    /// The keys of a monitor that describe its check.
    static let configKeys = ["url", "method", "headers", "body", "timeout", "conditions", "retry", "max_redirects",
                             "max_body", "ca_file"]

    /// `CheckRequest.init`'s default, read rather than repeated, for rules that compare with the timeout.
    static let defaultTimeout = CheckRequest(target: Target(scheme: .tcp, host: "localhost", port: 1,
                                                            pathAndQuery: "")).timeout

    /// The request, or nil when any of its keys has a problem (all of them reported). A key left out keeps
    /// `CheckRequest`'s own default, the one the `check` command uses too. The timeout is read by the
    /// monitor, which compares it with the interval.
    static func read(from monitor: ConfigMapping, timeout: Duration?) -> CheckRequest? {
        monitor.reader.unlessProblems {
            // Every key is read, whatever the others hold, so that all of their problems are reported.
            let target = monitor.require("url") ? monitor.value("url", { try Target.parse($0) }) : nil
            let method = monitor.value("method", { try RequestRules.method($0) })
            let headers = monitor.headers("headers")
            let body = monitor.string("body")
            let conditions = readConditions(monitor)
            let retry = RetryPolicy.read(from: monitor)
            let maxRedirects = monitor.integer("max_redirects", in: RequestRules.maxRedirects)
            let maxBody = readMaxBody(monitor)
            let caFile = readCAFile(monitor)
            guard let target else { return nil }
            var request = CheckRequest(target: target)
            if let method { request.method = method }
            request.headers = headers
            request.body = body.map { Array($0.utf8) }
            if let timeout { request.timeout = timeout }
            request.conditions = conditions
            if let retry {
                request.retry = retry.policy
                request.budget = retry.budget
            }
            if let maxRedirects { request.maxRedirects = maxRedirects }
            if let maxBody { request.maxBodyBytes = maxBody }
            request.caFile = caFile
            return request
        }
    }

    /// Each condition parsed; a bad one is reported at the character where parsing failed when the value is
    /// written plainly on one line, else at the value.
    private static func readConditions(_ monitor: ConfigMapping) -> [Condition] {
        (monitor.list("conditions") ?? []).compactMap { item in
            guard let text = monitor.reader.text(item.node, path: item.path, expected: "a condition") else {
                return nil
            }
            do throws(ConditionParseError) {
                return try Condition.parse(text)
            } catch {
                let position = monitor.reader.position(ofCharacter: error.position, in: text, node: item.node)
                monitor.reader.report(error.description, path: item.path, at: position)
                return nil
            }
        }
    }

    private static func readMaxBody(_ monitor: ConfigMapping) -> Int? {
        monitor.value("max_body", expected: "a size") { text throws(ConfigValueError) in
            let bytes = try ByteCount.parse(text)
            let range = RequestRules.maxBodyBytes
            guard range.contains(bytes) else {
                throw ConfigValueError("must be \(ByteCount.format(range.lowerBound)) to "
                    + "\(ByteCount.format(range.upperBound)) (found '\(text)')")
            }
            return bytes
        }
    }

    /// Checked here, not at the first check, as `--ca-file` is: a wrong path is a mistake to see before the
    /// server starts, not a TLS failure later. A relative path is taken from the working directory, like
    /// every other path in the file.
    private static func readCAFile(_ monitor: ConfigMapping) -> String? {
        monitor.value("ca_file") { path throws(ConfigValueError) in
            guard FileManager.default.isReadableFile(atPath: path) else {
                throw ConfigValueError("cannot read ca_file '\(path)'")
            }
            return path
        }
    }
}
