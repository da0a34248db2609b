import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An skey file (`PRIVATE+KEY+...`) that must never be readable by others, never half-written and never
/// silently replaced: a replaced agent key would be refused by the server (409), a replaced log key would
/// fork the ledger.
///
/// A file that exists but cannot be read is an error (never a reason to make a new key), and a new file is
/// published with `link(2)`, which fails when another process created the key first, so two starts never
/// end with two keys. The server's ledger keys and the agent's keys are all kept this way; it is this
/// module's one piece of I/O, here because a key file is the one thing both sides must never get wrong.
public enum SecretKeyFile {
    /// The key in `path`, or a new one from `generate` written there with mode 0600.
    public static func loadOrCreate(path: String, generate: () throws -> NoteSigner) throws(SecretKeyFileError) -> NoteSigner {
        if let existing = try load(path: path) { return existing }
        let signer: NoteSigner
        do { signer = try generate() } catch { throw SecretKeyFileError("cannot generate a key: \(error)") }
        let temporary = path + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try write(Array((signer.skey + "\n").utf8), toNew: temporary)
        let linked = link(temporary, path)
        let linkError = errno
        unlink(temporary)
        if linked != 0 {
            // Another process created the key between our read and our link: theirs wins, for both of us.
            if linkError == EEXIST, let existing = try load(path: path) { return existing }
            throw SecretKeyFileError("cannot create \(path): \(String(cString: strerror(linkError)))")
        }
        syncDirectory(of: path)
        return signer
    }

    /// The key in `path`; nil only when there is no file. Refuses a file others can read, as ssh does.
    public static func load(path: String) throws(SecretKeyFileError) -> NoteSigner? {
        var info = stat()
        guard stat(path, &info) == 0 else {
            if errno == ENOENT { return nil }
            throw SecretKeyFileError("cannot read \(path): \(String(cString: strerror(errno)))")
        }
        guard info.st_mode & 0o077 == 0 else {
            let mode = String(info.st_mode & 0o777, radix: 8)
            throw SecretKeyFileError("\(path) is readable by others (mode \(mode)); run: chmod 600 \(path)")
        }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw SecretKeyFileError("cannot read \(path) as text")
        }
        do { return try NoteSigner(skey: text.trimmingCharacters(in: .whitespacesAndNewlines)) } catch {
            throw SecretKeyFileError("\(path) does not hold a valid key: \(error)")
        }
    }

    /// Creates `path` (which must not exist) readable only by its owner, writes `bytes` and flushes them to
    /// disk, so a crash leaves either no file or a whole one.
    private static func write(_ bytes: [UInt8], toNew path: String) throws(SecretKeyFileError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else {
            throw SecretKeyFileError("cannot create \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        var remaining = bytes[...]
        while !remaining.isEmpty {
            let written = remaining.withUnsafeBytes { raw in
                #if canImport(Glibc)
                Glibc.write(descriptor, raw.baseAddress, raw.count)
                #elseif canImport(Musl)
                Musl.write(descriptor, raw.baseAddress, raw.count)
                #else
                Darwin.write(descriptor, raw.baseAddress, raw.count)
                #endif
            }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else {
                unlink(path)
                throw SecretKeyFileError("cannot write \(path): \(String(cString: strerror(errno)))")
            }
            remaining = remaining.dropFirst(written)
        }
        guard fsync(descriptor) == 0 else {
            unlink(path)
            throw SecretKeyFileError("cannot flush \(path): \(String(cString: strerror(errno)))")
        }
    }

    /// Makes the new directory entry durable too; best effort, since not every file system allows it.
    private static func syncDirectory(of path: String) {
        let directory = (path as NSString).deletingLastPathComponent
        let descriptor = open(directory.isEmpty ? "." : directory, O_RDONLY)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }
}

/// A key file that cannot be used, with the path and what to do.
public struct SecretKeyFileError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
