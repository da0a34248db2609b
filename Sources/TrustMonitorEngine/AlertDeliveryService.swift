import Foundation
public import Logging
public import ServiceLifecycle
public import TrustMonitorCore
public import TrustMonitorStore

/// Sends what the alert outbox holds, on every replica at once: claims the alerts that are due, sends them side by
/// side, and keeps each attempt's result, retrying with backoff (`DeliveryPolicy`) until delivered or given up on.
///
/// The store's claims keep replicas apart (no alert is sent by two while a claim holds), and a replica that dies
/// mid-send only delays its alerts by the lease: they are claimed again when it runs out. An alert is never dropped:
/// what cannot be delivered ends `failed`, shown by the API and logged as an error.
public struct AlertDeliveryService: Service {
    let store: any Store
    let sender: any AlertSending
    let policy: DeliveryPolicy
    let claimant: String
    let lease: Duration
    let batchSize: Int
    let idlePoll: Duration
    let logger: Logger
    let metrics: Metrics?

    /// - Parameters:
    ///   - claimant: names this process in claims; two services must never share one.
    ///   - lease: how long a claim keeps other replicas off an alert; longer than any one send can take.
    ///   - idlePoll: the wait when nothing was due (a retry's time is at most this late).
    ///   - metrics: counts each attempt by channel and result.
    public init(store: any Store, sender: any AlertSending, policy: DeliveryPolicy = .default,
                claimant: String = AlertDeliveryService.processClaimant, lease: Duration = .seconds(60),
                batchSize: Int = 32, idlePoll: Duration = .milliseconds(250),
                logger: Logger = Logger(label: "trustmonitor.alerts.delivery"), metrics: Metrics? = nil) {
        self.store = store
        self.sender = sender
        self.policy = policy
        self.claimant = claimant
        self.lease = lease
        self.batchSize = batchSize
        self.idlePoll = idlePoll
        self.logger = logger
        self.metrics = metrics
    }

    /// This process's claimant name: host, process id and a random part (a restarted process with a recycled pid
    /// is someone else: its predecessor's claims must run out, not be taken as its own).
    public static let processClaimant: String = {
        let process = ProcessInfo.processInfo
        return "alerts-\(process.hostName)-\(process.processIdentifier)-\(UInt32.random(in: .min ... .max))"
    }()

    /// Until graceful shutdown: a pass in flight finishes (its sends end and are recorded), then no new one starts.
    public func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            let pause: Duration
            switch await deliverDue() {
            case .some(0): pause = idlePoll
            case .some: continue
            case .none: pause = max(idlePoll, .seconds(1))
            }
            _ = try? await cancelWhenGracefulShutdown { try await Task.sleep(for: pause) }
        }
    }

    /// One pass: claims what is due and attempts it all at once, each attempt recorded as soon as it ends (a slow
    /// receiver delays no other's record). How many were attempted; nil when the store could not be asked.
    func deliverDue() async -> Int? {
        let claimed: [AlertDelivery]
        do {
            claimed = try await store.claimDueAlerts(claimant: claimant, limit: batchSize, now: Date(), lease: lease)
        } catch {
            logger.error("due alerts not claimed", metadata: ["error": "\(error)"])
            return nil
        }
        await withTaskGroup(of: Void.self) { group in
            for delivery in claimed {
                group.addTask { await attempt(delivery) }
            }
        }
        return claimed.count
    }

    private func attempt(_ delivery: AlertDelivery) async {
        let outcome = await sender.send(delivery.message, channel: delivery.channel, idempotencyKey: delivery.key)
        var random = SystemRandomNumberGenerator()
        let attempts = delivery.attempts + 1
        let step = policy.step(after: outcome, attempts: attempts, now: Date(), random: &random)
        await metrics?.recordDeliveryAttempt(channel: delivery.channel, result: step.metricsResult)
        var metadata: Logger.Metadata = ["key": "\(delivery.key)", "channel": "\(delivery.channel)",
                                         "attempts": "\(attempts)"]
        do {
            let kept = try await store.recordDeliveryAttempt(id: delivery.id, claimant: claimant,
                                                             record: DeliveryRecord(step), now: Date())
            guard kept else {
                // The claim ran out and another replica took the alert: its attempt is the one that counts.
                logger.warning("alert attempt not recorded: its claim was taken over", metadata: metadata)
                return
            }
        } catch {
            metadata["error"] = "\(error)"
            logger.error("alert attempt not recorded; it is sent again once its claim runs out", metadata: metadata)
            return
        }
        switch step {
        case .delivered(let answer):
            metadata["answer"] = "\(answer)"
            logger.debug("alert delivered", metadata: metadata)
        case .retry(let at, let reason):
            metadata["reason"] = "\(reason)"
            metadata["next_attempt_at"] = "\(RFC3339.format(at))"
            logger.warning("alert not delivered, will retry", metadata: metadata)
        case .failed(let reason):
            metadata["reason"] = "\(reason)"
            logger.error("alert given up on", metadata: metadata)
        }
    }
}

extension DeliveryPolicy.Step {
    /// The attempt's result as a metrics label.
    var metricsResult: String {
        switch self {
        case .delivered: "delivered"
        case .retry: "retry"
        case .failed: "failed"
        }
    }
}

extension DeliveryRecord {
    /// The store's record of what the policy decided.
    init(_ step: DeliveryPolicy.Step) {
        switch step {
        case .delivered(let answer): self = .delivered(answer: answer)
        case .retry(let at, let reason): self = .retry(at: at, error: reason)
        case .failed(let reason): self = .failed(error: reason)
        }
    }
}
