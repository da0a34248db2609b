import Foundation
import Testing
import TrustMonitorLedger
@testable import TrustMonitorAgent

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The agent key on a real file system: made once, private, reused, never silently replaced.
@Suite struct AgentKeyTests {
    static func temporaryDirectory() -> String {
        NSTemporaryDirectory() + "tm-agent-key-\(UUID().uuidString)"
    }

    static func mode(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return try #require(attributes[.posixPermissions] as? Int)
    }

    @Test func createdOnceWithMode0600AndReused() throws {
        let directory = Self.temporaryDirectory() + "/nested/data"
        let first = try AgentKey.loadOrCreate(dataDir: directory)
        let path = AgentKey.path(dataDir: directory)
        #expect(try Self.mode(path) == 0o600)
        #expect(first.name == "trustmonitor-agent")
        #expect(first.verifierKey.type == .ed25519)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text == first.skey + "\n")

        let second = try AgentKey.loadOrCreate(dataDir: directory)
        #expect(second.verifierKey == first.verifierKey)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == text)
        // Nothing but the key is left behind (no temporary files).
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["agent.skey"])
    }

    /// Many starts racing on an empty directory end with one key, the same for all of them.
    @Test func concurrentStartsAgreeOnOneKey() async throws {
        let directory = Self.temporaryDirectory()
        let keys = await withTaskGroup(of: String?.self) { group in
            for _ in 0..<8 {
                group.addTask { try? AgentKey.loadOrCreate(dataDir: directory).verifierKey.vkey }
            }
            var keys: [String?] = []
            for await key in group { keys.append(key) }
            return keys
        }
        #expect(keys.count == 8)
        #expect(Set(keys).count == 1)
        #expect(keys.first??.isEmpty == false)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["agent.skey"])
    }

    @Test func keyReadableByOthersIsRefused() throws {
        let directory = Self.temporaryDirectory()
        _ = try AgentKey.loadOrCreate(dataDir: directory)
        let path = AgentKey.path(dataDir: directory)
        #expect(chmod(path, 0o644) == 0)
        let error = #expect(throws: SecretKeyFileError.self) { try AgentKey.loadOrCreate(dataDir: directory) }
        #expect(error?.description.contains("chmod 600") == true)
        // Refused, not replaced.
        #expect(try Self.mode(path) == 0o644)
    }

    @Test func garbageKeyFileIsRefusedNotReplaced() throws {
        let directory = Self.temporaryDirectory()
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = AgentKey.path(dataDir: directory)
        #expect(FileManager.default.createFile(atPath: path, contents: Data("not a key\n".utf8),
                                               attributes: [.posixPermissions: 0o600]))
        let error = #expect(throws: SecretKeyFileError.self) { try AgentKey.loadOrCreate(dataDir: directory) }
        #expect(error?.description.contains("does not hold a valid key") == true)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "not a key\n")
    }

    @Test func witnessKeyIsRefused() throws {
        let directory = Self.temporaryDirectory()
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let witness = try NoteSigner.generate(name: "trustmonitor-agent", type: .cosignatureV1)
        #expect(FileManager.default.createFile(atPath: AgentKey.path(dataDir: directory),
                                               contents: Data(witness.skey.utf8), attributes: [.posixPermissions: 0o600]))
        #expect(throws: SecretKeyFileError.self) { try AgentKey.loadOrCreate(dataDir: directory) }
    }

    @Test func dataDirThatCannotBeMadeIsReported() throws {
        let directory = Self.temporaryDirectory()
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        // A regular file where a directory is needed: refused for root too (tests may run as root, which
        // ignores permission bits).
        let blocker = directory + "/file"
        #expect(FileManager.default.createFile(atPath: blocker, contents: Data()))
        let error = #expect(throws: SecretKeyFileError.self) { try AgentKey.loadOrCreate(dataDir: blocker + "/data") }
        #expect(error?.description.contains("cannot create the data dir") == true)
    }
}
