import Foundation
public import TrustMonitorLedger

/// The server's two Ed25519 keys: the log key signs checkpoints, the report key signs incident reports,
/// so a leaked report key cannot forge the log. Created on first start in the data dir, mode 0600.
public struct LedgerKeys: Sendable {
    public let log: NoteSigner
    public let report: NoteSigner

    static let logFile = "log.skey"
    static let reportFile = "report.skey"

    /// Reads the keys from `dataDir`, creating any that is missing. The log's origin (its key name) is
    /// fixed when its key is created; a later change of host or address does not change it.
    public static func loadOrCreate(dataDir: String, origin: String) throws -> LedgerKeys {
        try FileManager.default.createDirectory(atPath: dataDir, withIntermediateDirectories: true)
        let log = try key(at: dataDir + "/" + logFile, name: origin)
        let report = try key(at: dataDir + "/" + reportFile, name: log.name + "/reports")
        return LedgerKeys(log: log, report: report)
    }

    /// Only reads: for `trustmonitor keys show`, which must not create keys.
    public static func load(dataDir: String) throws -> LedgerKeys {
        func read(_ file: String) throws -> NoteSigner {
            let path = dataDir + "/" + file
            guard let key = try SecretKeyFile.load(path: path) else {
                throw KeyFileError(message: "no key at \(path) (the server creates it on first start)")
            }
            return key
        }
        return LedgerKeys(log: try read(logFile), report: try read(reportFile))
    }

    /// The key in `path`, created on first start; a file that exists but cannot be used is an error, never
    /// replaced (a replaced log key would fork the ledger).
    private static func key(at path: String, name: String) throws -> NoteSigner {
        try SecretKeyFile.loadOrCreate(path: path) { try NoteSigner.generate(name: name, type: .ed25519) }
    }

    /// A stable default origin: a schema-less name without spaces or '+', as C2SP requires.
    public static func defaultOrigin() -> String {
        let host = ProcessInfo.processInfo.hostName.lowercased().filter { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" }
        return (host.isEmpty ? "localhost" : host) + "/trustmonitor/ledger"
    }
}

public struct KeyFileError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
