public import TrustMonitorProbe

/// The in-process probes: `count` workers take jobs from the queue and run them with the prober, so at
/// most `count` checks are in flight and a hung target holds only its own worker (for its timeout).
public struct ProbeWorkers: Sendable {
    let engine: MonitorEngine
    let queue: JobQueue
    let prober: Prober
    let count: Int

    public init(engine: MonitorEngine, queue: JobQueue, prober: Prober, count: Int) {
        self.engine = engine
        self.queue = queue
        self.prober = prober
        self.count = count
    }

    /// Runs until the queue is closed; each worker finishes the check it holds first.
    public func run() async {
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<count {
                group.addTask {
                    let clock = ContinuousClock()
                    while let job = await queue.next() {
                        if job.notBefore > clock.now { try? await Task.sleep(until: job.notBefore, clock: clock) }
                        // Read after the wait (a re-check waits `recheck_delay`): a monitor deleted meanwhile is not
                        // checked again, and one changed meanwhile is checked as it is now.
                        guard let definition = await engine.definition(job.monitorID) else { continue }
                        let started = clock.now
                        let observation = await prober.check(definition.request)
                        try? await engine.complete(job, observation: observation, startedAt: started)
                    }
                }
            }
        }
    }
}

/// Wakes when the next monitor is due and hands due checks to the queue, until cancelled.
public struct Scheduler: Sendable {
    let engine: MonitorEngine

    public init(engine: MonitorEngine) {
        self.engine = engine
    }

    public func run() async {
        let clock = ContinuousClock()
        while !Task.isCancelled {
            let wake = await engine.enqueueDue()
            try? await Task.sleep(until: wake, clock: clock)
        }
    }
}
