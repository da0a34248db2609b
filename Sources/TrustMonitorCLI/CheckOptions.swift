import ArgumentParser
import NIOCore
import TrustMonitorConfig
import TrustMonitorCore
import TrustMonitorProbe

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The flags that describe a check, parsed into a `CheckRequest` at this edge; nothing past it sees text.
struct CheckOptions: ParsableArguments {
    @Option(help: "HTTP method.")
    var method = "GET"

    @Option(name: .customLong("header"), help: ArgumentHelp("A request header, repeatable.", valueName: "'Name: value'"))
    var headers: [String] = []

    @Option(help: "Request body.")
    var body: String?

    @Option(help: "Limit for one attempt, e.g. 5s or 800ms.")
    var timeout = "10s"

    @Option(name: .customLong("condition"), help: ArgumentHelp("A Gatus-style condition, repeatable, e.g. '[STATUS] == 200'.", valueName: "C"))
    var conditions: [String] = []

    @Option(help: "Total attempts including the first (1 = no retry). Default 2.")
    var retryAttempts: Int?

    @Option(help: "Failure codes to retry, comma-separated. Default: the transient ones.")
    var retryOn: String?

    @Option(help: "Wait before the first retry; doubles each time, with jitter.")
    var retryBackoff = "500ms"

    @Option(help: "The whole check's time budget across attempts. Default: timeout × attempts + backoffs.")
    var budget: String?

    @Option(help: "Redirects to follow (0 = none).")
    var maxRedirects = CheckRequest.defaultMaxRedirects

    @Option(help: "Body bytes to read at most.")
    var maxBody = CheckRequest.defaultMaxBodyBytes

    @Option(help: "PEM file of extra CA certificates to trust (private PKI).")
    var caFile: String?

    @Option(help: "Resolve names with this DNS server (IP or IP:port) instead of the system resolver.")
    var dnsServer: String?

    func checkRequest(url: String) throws -> CheckRequest {
        let target = try Target.parse(url)
        let method = try RequestRules.method(self.method)
        let headerFields = try headers.map { line throws(RequestRules.Violation) in try RequestRules.header(line) }
        let timeout = try DurationText.parse(timeout)
        guard timeout > .zero else { throw UsageError("--timeout must be positive") }
        let conditions = try self.conditions.map { text throws(ConditionParseError) in try Condition.parse(text) }
        var retry = RetryPolicy.default
        if let retryAttempts {
            guard RequestRules.retryAttempts.contains(retryAttempts) else {
                throw UsageError("--retry-attempts must be 1 to 20")
            }
            retry.attempts = retryAttempts
        }
        retry.backoff = try DurationText.parse(retryBackoff)
        if let retryOn {
            retry.retryOn = Set(try retryOn.split(separator: ",").map { name throws(RequestRules.Violation) in
                try RequestRules.failureCode(String(name))
            })
        }
        let budget = try self.budget.map { text throws(DurationText.ParseError) in try DurationText.parse(text) }
        guard RequestRules.maxRedirects.contains(maxRedirects) else { throw UsageError("--max-redirects must be 0 to 50") }
        guard RequestRules.maxBodyBytes.contains(maxBody) else { throw UsageError("--max-body must be 0 to 64 MiB") }
        if let caFile, access(caFile, R_OK) != 0 { throw UsageError("cannot read --ca-file '\(caFile)'") }
        return CheckRequest(
            target: target, method: method, headers: headerFields, body: body.map { Array($0.utf8) },
            timeout: timeout, conditions: conditions, retry: retry, budget: budget, maxRedirects: maxRedirects,
            maxBodyBytes: maxBody, caFile: caFile)
    }

    func resolver() throws -> any HostResolver {
        guard let dnsServer else { return SystemResolver() }
        return StubResolver(nameserver: try StubResolver.parseNameserver(dnsServer))
    }
}
