#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NIOConcurrencyHelpers

/// `flock` on `<database>.lock`: the kernel drops it when the holding process ends, however it ends.
final class FileReplicaLock: ReplicaLock {
    let path: String
    private let descriptor = NIOLockedValueBox<Int32?>(nil)

    init(path: String) {
        self.path = path
    }

    func acquire(retry: Duration) async throws {
        while true {
            try Task.checkCancellation()
            let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
            guard fd >= 0 else { throw StoreError.invalid("cannot open the replica lock file \(path): errno \(errno)") }
            if flock(fd, LOCK_EX | LOCK_NB) == 0 {
                descriptor.withLockedValue { $0 = fd }
                return
            }
            close(fd)
            try await Task.sleep(for: retry)
        }
    }

    /// A process's own file lock cannot be lost while it runs: waits until cancelled.
    func watch() async throws {
        while true { try await Task.sleep(for: .seconds(3600)) }
    }

    func release() async {
        if let fd = descriptor.withLockedValue({ fd in defer { fd = nil }; return fd }) {
            flock(fd, LOCK_UN)
            close(fd)
        }
    }
}

extension SQLiteStore {
    /// Two `serve` processes on one SQLite file: the first is active, the second stands by.
    public func replicaLock() -> any ReplicaLock { FileReplicaLock(path: path + ".lock") }
}
