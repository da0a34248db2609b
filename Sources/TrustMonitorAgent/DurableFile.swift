import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Replaces a small file so that a crash at any moment leaves either the old content or the new, never a
/// mix or nothing: the witness's state is the one file whose loss or tearing would let a log fork it.
///
/// The new bytes go to a temporary file beside the target, which is flushed (fsync), renamed over the
/// target (atomic on POSIX file systems), and then the directory is flushed so the rename itself survives
/// a power cut. Only when all of that returned may the caller act on the new content.
enum DurableFile {
    static func replace(_ path: String, with bytes: [UInt8], mode: mode_t = 0o600) throws(AgentFileError) {
        let temporary = path + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL, mode)
        guard descriptor >= 0 else {
            throw AgentFileError(path, "cannot create \(temporary): \(String(cString: strerror(errno)))")
        }
        // The handle only writes and flushes; the descriptor is closed here, once, whatever happens.
        let file = FileHandle(fileDescriptor: descriptor, closeOnDealloc: false)
        do {
            try file.write(contentsOf: bytes)
            try file.synchronize()
        } catch {
            close(descriptor)
            unlink(temporary)
            throw AgentFileError(path, "cannot write \(temporary): \(error)")
        }
        guard close(descriptor) == 0, rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw AgentFileError(path, "cannot rename \(temporary) over \(path): \(reason)")
        }
        try syncDirectory(of: path)
    }

    /// Flushes the directory entry of `path`; unlike a key's first write, a state write that cannot be made
    /// durable is a failure, since the witness would otherwise act on a state a crash could undo.
    private static func syncDirectory(of path: String) throws(AgentFileError) {
        let directory = (path as NSString).deletingLastPathComponent
        let descriptor = open(directory.isEmpty ? "." : directory, O_RDONLY)
        guard descriptor >= 0 else { throw AgentFileError(path, "cannot open the directory of \(path)") }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else {
            throw AgentFileError(path, "cannot flush the directory of \(path): \(String(cString: strerror(errno)))")
        }
    }
}

/// A file in the agent's data dir that cannot be read or written, naming the path; after a failed write
/// what was there before is still there.
public struct AgentFileError: Error, CustomStringConvertible, Sendable {
    public let path: String
    public let description: String
    init(_ path: String, _ description: String) {
        self.path = path
        self.description = description
    }
}
