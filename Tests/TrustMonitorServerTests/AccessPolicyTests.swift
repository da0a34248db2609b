import Hummingbird
import Testing
import TrustMonitorServer
import TrustMonitorStore

/// The access table, method and path in, access class out: the contract's list, and the spellings that must not
/// slip past it.
@Suite struct AccessPolicyTests {
    static let table: [(HTTPRequest.Method, String, AccessPolicy.Access)] = [
        // Public.
        (.get, "/healthz", .anyone), (.get, "/status", .anyone), (.get, "/status/incidents/inc_1/bundle", .anyone),
        (.get, "/badge/api/status.svg", .anyone), (.get, "/badge/api/uptime/30d", .anyone),
        (.get, "/ledger/checkpoint", .anyone), (.get, "/ledger/tile/0/x001/002", .anyone),
        (.get, "/api/v1/ledger/proof", .anyone), (.get, "/api/v1/openapi.json", .anyone), (.get, "/login", .anyone),
        (.post, "/login", .anyone), (.post, "/logout", .anyone), (.head, "/status", .anyone),
        // Agents check their own tokens.
        (.post, "/api/v1/agent/lease", .agent), (.post, "/api/v1/agent/register", .agent), (.get, "/api/v1/agent/x", .agent),
        // Read.
        (.get, "/api/v1/monitors", .scope(.read)), (.get, "/api/v1/monitors/mon_1/results", .scope(.read)),
        (.get, "/api/v1/probes", .scope(.read)), (.get, "/api/v1/me", .scope(.read)), (.get, "/metrics", .scope(.read)),
        (.get, "/api/v1/incidents/inc_1/bundle", .scope(.read)), (.get, "/api/v1/alert-channels", .scope(.read)),
        (.get, "/api/v1/monitors/mon_1/sla", .scope(.read)), (.post, "/api/v1/monitors/mon_1/sla", .scope(.write)),
        // Write.
        (.post, "/api/v1/monitors", .scope(.write)), (.put, "/api/v1/monitors/mon_1", .scope(.write)),
        (.delete, "/api/v1/monitors/mon_1", .scope(.write)), (.patch, "/api/v1/monitors/mon_1", .scope(.write)),
        (.post, "/api/v1/incidents/inc_1/ack", .scope(.write)), (.post, "/api/v1/alert-channels/ops/test", .scope(.write)),
        // Admin.
        (.get, "/api/v1/tokens", .scope(.admin)), (.post, "/api/v1/tokens", .scope(.admin)),
        (.delete, "/api/v1/tokens/tok_1", .scope(.admin)), (.post, "/api/v1/probes", .scope(.admin)),
        (.delete, "/api/v1/probes/prb_1", .scope(.admin)),
        // The dashboard: pages read, forms write, both through a sign-in.
        (.get, "/dashboard", .page(.read)), (.get, "/dashboard/monitors/mon_1", .page(.read)),
        (.post, "/dashboard/incidents/inc_1/ack", .page(.write)),
        // Closed unless listed: unknown paths and methods.
        (.get, "/anything", .scope(.read)), (.post, "/status", .scope(.write)), (.delete, "/healthz", .scope(.write)),
        (.post, "/ledger/checkpoint", .scope(.write)), (.get, "/badge", .scope(.read)), (.get, "/ledger/tile", .scope(.read)),
        (.post, "/api/v1/ledger/proof", .scope(.write)),
        // Spellings the router reads as another route get that route's rule.
        (.get, "//api//v1/tokens", .scope(.admin)), (.delete, "/api/v1/tokens/", .scope(.admin)),
        (.get, "/api/v1/tokens?x=/status", .scope(.admin)),
        (.get, "/status/../api/v1/tokens", .anyone),  // the router has no such route: a 404 to anyone
        (.get, "/API/v1/tokens", .scope(.read)),  // case-sensitive, like the router: no route
    ]

    @Test(arguments: table.indices)
    func accessIsDecidedByMethodAndPath(_ index: Int) {
        let (method, path, expected) = Self.table[index]
        let route = path.split(separator: "?").first.map(String.init) ?? path
        #expect(AccessPolicy.access(method: method, path: route) == expected, "\(method) \(path)")
    }
}
