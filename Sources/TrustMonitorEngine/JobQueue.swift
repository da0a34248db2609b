import DequeModule

/// The queue between the scheduler and the probes: the scheduler never waits for a check, and a slow or
/// hung target only holds the one probe working on it.
///
/// In-process for the embedded server; the distributed one keeps its queue in PostgreSQL instead.
public actor JobQueue {
    private var jobs = Deque<CheckJob>()
    private var waiting = Deque<CheckedContinuation<CheckJob?, Never>>()
    private var closed = false

    public init() {}

    public func enqueue(_ job: CheckJob) {
        guard !closed else { return }
        if let next = waiting.popFirst() {
            next.resume(returning: job)
        } else {
            jobs.append(job)
        }
    }

    /// The next job, waiting for one; nil once the queue is closed and drained.
    public func next() async -> CheckJob? {
        if let job = jobs.popFirst() { return job }
        if closed { return nil }
        return await withCheckedContinuation { waiting.append($0) }
    }

    /// Jobs not yet taken by a probe, for the queue-depth metric.
    public var depth: Int { jobs.count }

    /// Stops handing out new work; probes finish what they hold and see nil.
    public func close() {
        closed = true
        jobs.removeAll()
        while let next = waiting.popFirst() { next.resume(returning: nil) }
    }
}
