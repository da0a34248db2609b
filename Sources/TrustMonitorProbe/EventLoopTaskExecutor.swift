import NIOCore

/// Runs a task's jobs on one NIO event loop.
///
/// A check prefers the loop its connections live on, so the `await` on a connection's result resumes on
/// the thread that produced it: no cross-thread wake-up per phase, which is most of a fresh-connection
/// check's cost besides the kernel's.
final class EventLoopTaskExecutor: TaskExecutor {
    let eventLoop: any EventLoop

    init(_ eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute {
            job.runSynchronously(on: self.asUnownedTaskExecutor())
        }
    }
}
