import class Foundation.ProcessInfo
import struct Foundation.URLComponents
import NIOCore
import NIOSSL
import PostgresNIO

/// Where a PostgreSQL store connects, read from a libpq-style URL:
/// `postgres://[USER[:PASSWORD]@]HOST[:PORT][/DATABASE][?sslmode=…&sslrootcert=…&connect_timeout=…&host=/socket/dir]`.
/// Defaults as libpq's: the OS user, port 5432, the database named like the user, `sslmode=prefer`.
///
/// Only what the store needs is understood; any other parameter is refused rather than silently ignored, so a
/// URL copied from elsewhere does not lose a setting unnoticed. The password never appears in `description`.
struct PostgresEndpoint: Sendable, Equatable, CustomStringConvertible {
    enum Address: Sendable, Equatable {
        case tcp(host: String, port: Int)
        /// The server's socket file (`DIR/.s.PGSQL.PORT`), from `?host=/DIR` as libpq writes it.
        case unixSocket(path: String)
    }

    /// libpq's `sslmode`s, with libpq's meaning: `prefer` and `require` encrypt without checking the server's
    /// certificate; `verify-ca` checks it against the trusted roots; `verify-full` also checks the host name.
    enum TLSMode: String, Sendable, CaseIterable {
        case disable, prefer, require
        case verifyCA = "verify-ca"
        case verifyFull = "verify-full"
    }

    var address: Address
    var username: String
    var password: String?
    /// The database to open; nil opens the one named like the user, as libpq does.
    var database: String?
    var tls: TLSMode = .prefer
    /// A PEM file of trusted roots for `verify-ca` and `verify-full` (libpq's `sslrootcert`).
    var rootCertificates: String?
    var connectTimeout: Duration = .seconds(10)

    static let defaultPort = 5432
    /// Names our sessions in `pg_stat_activity`, so an operator sees which connections are TrustMonitor's.
    static let startupParameters = [("application_name", "trustmonitor")]

    /// Parses the URL; the error says what is wrong without repeating the URL (it may hold a password).
    init(url: String) throws(PostgresURLError) {
        guard let schemeEnd = url.range(of: "://"),
              ["postgres", "postgresql"].contains(url[..<schemeEnd.lowerBound].lowercased()) else {
            throw PostgresURLError("expected postgres://user@host/database")
        }
        guard let components = URLComponents(string: url) else {
            throw PostgresURLError("not a valid URL (a port that is not a number, a space, an unescaped character?)")
        }
        // Without a user, the OS user running us, as libpq does.
        username = components.user.flatMap { $0.isEmpty ? nil : $0 } ?? ProcessInfo.processInfo.userName
        password = components.password
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        guard !path.contains("/") else { throw PostgresURLError("the path must be one database name") }
        database = path.isEmpty ? nil : path

        let port = components.port ?? Self.defaultPort
        guard (1...65_535).contains(port) else { throw PostgresURLError("port \(port) is not 1 to 65535") }
        var socketDirectory: String?
        for item in components.queryItems ?? [] {
            let value = item.value ?? ""
            switch item.name {
            case "sslmode":
                guard let mode = TLSMode(rawValue: value) else {
                    let modes = TLSMode.allCases.map(\.rawValue).joined(separator: ", ")
                    throw PostgresURLError("sslmode \(value) is not one of \(modes)")
                }
                tls = mode
            case "sslrootcert":
                guard !value.isEmpty else { throw PostgresURLError("sslrootcert needs a file") }
                rootCertificates = value
            case "connect_timeout":
                guard let seconds = Int(value), seconds > 0 else {
                    throw PostgresURLError("connect_timeout must be a positive number of seconds")
                }
                connectTimeout = .seconds(seconds)
            case "host":
                guard value.hasPrefix("/") else { throw PostgresURLError("host= takes a socket directory (/path)") }
                socketDirectory = value
            default:
                throw PostgresURLError("unknown parameter \(item.name) (known: sslmode, sslrootcert, connect_timeout, host)")
            }
        }
        if let socketDirectory {
            address = .unixSocket(path: "\(socketDirectory)/.s.PGSQL.\(port)")
        } else {
            var host = components.host ?? ""
            if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
            guard !host.isEmpty else { throw PostgresURLError("missing host") }
            address = .tcp(host: host, port: port)
        }
    }

    /// `postgres://user@host:port/database`, never with the password: for messages and logs.
    var description: String {
        let place = switch address {
        case let .tcp(host, port): host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        case let .unixSocket(path): "(socket \(path))"
        }
        return "postgres://\(username)@\(place)/\(database ?? username)"
    }

    /// The pool's settings: at most `maximumConnections` connections, opened as needed.
    func clientConfiguration(maximumConnections: Int) throws -> PostgresClient.Configuration {
        var configuration = switch address {
        case let .tcp(host, port):
            PostgresClient.Configuration(host: host, port: port, username: username, password: password,
                                         database: database, tls: try clientTLS())
        case let .unixSocket(path):
            PostgresClient.Configuration(unixSocketPath: path, username: username, password: password, database: database)
        }
        configuration.options.connectTimeout = connectTimeout
        configuration.options.maximumConnections = maximumConnections
        configuration.options.additionalStartupParameters = Self.startupParameters
        return configuration
    }

    /// One connection's settings, for the check `PostgresStore.open` makes before it starts the pool.
    func connectionConfiguration() throws -> PostgresConnection.Configuration {
        var configuration = switch address {
        case let .tcp(host, port):
            PostgresConnection.Configuration(host: host, port: port, username: username, password: password,
                                             database: database, tls: try connectionTLS())
        case let .unixSocket(path):
            PostgresConnection.Configuration(unixSocketPath: path, username: username, password: password,
                                             database: database)
        }
        configuration.options.connectTimeout = TimeAmount(connectTimeout)
        configuration.options.additionalStartupParameters = Self.startupParameters
        return configuration
    }

    private func tlsConfiguration() -> TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        switch tls {
        case .disable, .prefer, .require: configuration.certificateVerification = .none
        case .verifyCA: configuration.certificateVerification = .noHostnameVerification
        case .verifyFull: configuration.certificateVerification = .fullVerification
        }
        if let rootCertificates { configuration.trustRoots = .file(rootCertificates) }
        return configuration
    }

    private func clientTLS() throws -> PostgresClient.Configuration.TLS {
        switch tls {
        case .disable: .disable
        case .prefer: .prefer(tlsConfiguration())
        case .require, .verifyCA, .verifyFull: .require(tlsConfiguration())
        }
    }

    private func connectionTLS() throws -> PostgresConnection.Configuration.TLS {
        switch tls {
        case .disable: return .disable
        case .prefer: return .prefer(try NIOSSLContext(configuration: tlsConfiguration()))
        case .require, .verifyCA, .verifyFull: return .require(try NIOSSLContext(configuration: tlsConfiguration()))
        }
    }
}

/// Why a PostgreSQL URL cannot be used; the message never repeats the URL, which may hold a password.
public struct PostgresURLError: Error, Equatable, CustomStringConvertible {
    public let reason: String

    init(_ reason: String) { self.reason = reason }

    public var description: String { "invalid PostgreSQL URL: \(reason)" }
}
