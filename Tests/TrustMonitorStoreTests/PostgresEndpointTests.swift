import class Foundation.ProcessInfo
import Testing
@testable import TrustMonitorStore

/// Reading `storage.postgres` URLs: what libpq users write works, anything the store would ignore is refused.
@Suite struct PostgresEndpointTests {
    typealias Endpoint = PostgresEndpoint

    static let accepted: [(String, Endpoint.Address, String, String?, String?, Endpoint.TLSMode)] = [
        ("postgres://tm@db.internal/trustmonitor", .tcp(host: "db.internal", port: 5432), "tm", nil, "trustmonitor", .prefer),
        ("postgresql://tm:p%40ss@127.0.0.1:6543/tm?sslmode=disable", .tcp(host: "127.0.0.1", port: 6543), "tm", "p@ss", "tm",
         .disable),
        ("postgres://tm@[::1]:5433/tm?sslmode=verify-full", .tcp(host: "::1", port: 5433), "tm", nil, "tm", .verifyFull),
        ("POSTGRES://tm@h/my%20db?sslmode=require", .tcp(host: "h", port: 5432), "tm", nil, "my db", .require),
        ("postgres://tm@h", .tcp(host: "h", port: 5432), "tm", nil, nil, .prefer),
        ("postgres://tm@/tm?host=/var/run/postgresql", .unixSocket(path: "/var/run/postgresql/.s.PGSQL.5432"), "tm", nil, "tm",
         .prefer),
        ("postgres://tm@:6000/tm?host=/tmp/pg", .unixSocket(path: "/tmp/pg/.s.PGSQL.6000"), "tm", nil, "tm", .prefer),
    ]

    @Test(arguments: accepted)
    func accepts(_ url: String, address: Endpoint.Address, user: String, password: String?, database: String?,
                 tls: Endpoint.TLSMode) throws {
        let endpoint = try Endpoint(url: url)
        #expect(endpoint.address == address)
        #expect(endpoint.username == user)
        #expect(endpoint.password == password)
        #expect(endpoint.database == database)
        #expect(endpoint.tls == tls)
    }

    static let refused: [(String, String)] = [
        ("mysql://tm@h/db", "expected postgres://user@host/database"),
        ("postgres://tm@/db", "missing host"),
        ("postgres://tm@h:abc/db", "not a valid URL"),
        ("postgres://tm@h:70000/db", "port 70000 is not 1 to 65535"),
        ("postgres://tm@h/db/extra", "one database name"),
        ("postgres://tm@h/db?sslmode=sometimes", "sslmode sometimes is not one of disable, prefer, require, verify-ca, verify-full"),
        ("postgres://tm@h/db?pool=5", "unknown parameter pool"),
        ("postgres://tm@h/db?connect_timeout=0", "connect_timeout must be a positive number of seconds"),
        ("postgres://tm@h/db?host=db2", "host= takes a socket directory"),
    ]

    @Test(arguments: refused)
    func refuses(_ url: String, reason: String) {
        #expect {
            try Endpoint(url: url)
        } throws: { error in
            guard let error = error as? PostgresURLError else { return false }
            return error.description.hasPrefix("invalid PostgreSQL URL: ") && error.reason.contains(reason)
        }
    }

    @Test func userDefaultsToTheOSUser() throws {
        let endpoint = try Endpoint(url: "postgres://db/tm")
        #expect(endpoint.username == ProcessInfo.processInfo.userName)
        #expect(!endpoint.username.isEmpty)
    }

    @Test func descriptionNeverShowsThePassword() throws {
        #expect(try Endpoint(url: "postgres://tm:secret@db:5433/monitoring").description == "postgres://tm@db:5433/monitoring")
        #expect(try Endpoint(url: "postgres://tm:secret@[::1]/x").description == "postgres://tm@[::1]:5432/x")
        #expect(try Endpoint(url: "postgres://tm@h").description == "postgres://tm@h:5432/tm")
        #expect(try Endpoint(url: "postgres://tm@/d?host=/run/pg").description == "postgres://tm@(socket /run/pg/.s.PGSQL.5432)/d")
    }

    @Test func everyModeMakesAConfiguration() throws {
        for mode in Endpoint.TLSMode.allCases {
            let endpoint = try Endpoint(url: "postgres://tm@db/tm?sslmode=\(mode.rawValue)&connect_timeout=3")
            let client = try endpoint.clientConfiguration(maximumConnections: 7)
            #expect(client.options.maximumConnections == 7)
            #expect(client.options.connectTimeout == .seconds(3))
            #expect(client.host == "db")
            _ = try endpoint.connectionConfiguration()
        }
    }
}
