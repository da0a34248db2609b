import Foundation
import Logging
import ServiceLifecycle
import TrustMonitorAgentProtocol

/// Posts signed results in small batches; the agent runs a few posters on one outbox, so a busy server does
/// not hold results back behind one slow post (order between batches does not matter: each names its lease).
///
/// Nothing is retried forever: an unreachable server is tried again only while the batch's leases last
/// (after that the server would refuse them anyway), and a refused result is logged with the server's code
/// and dropped.
struct ResultPoster: Sendable {
    let client: AgentClient
    let batchSize: Int
    let maxBackoff: Duration
    let logger: Logger

    /// Runs until the outbox is closed and empty; throws only a fatal refusal (a revoked token).
    func run(from outbox: ResultOutbox) async throws(ServerRefusal) {
        while let batch = await outbox.nextBatch(max: batchSize) {
            try await post(batch)
        }
        let left = outbox.count
        if left > 0 { logger.warning("results not posted at shutdown", metadata: ["results": "\(left)"]) }
    }

    private func post(_ batch: [PendingResult]) async throws(ServerRefusal) {
        let backoff = Backoff(cap: maxBackoff)
        var failures = 0
        var live = batch
        while true {
            let now = Date()
            let before = live.count
            live.removeAll { $0.expiresAt <= now }
            if live.count < before {
                logger.warning("results dropped: their leases ended before they could be posted",
                               metadata: ["results": "\(before - live.count)"])
            }
            guard !live.isEmpty else { return }
            do {
                let receipts = try await client.submit(ResultSubmission(results: live.map(\.envelope)))
                log(receipts, for: live)
                return
            } catch {
                switch error {
                case .refused(let refusal) where refusal.isFatal:
                    throw refusal
                case .refused(let refusal):
                    for result in live {
                        logger.error("result refused", metadata: metadata(result).merging([
                            "status": "\(refusal.status)", "code": "\(refusal.code)",
                            "message": "\(refusal.message)"]) { $1 })
                    }
                    return
                case .unreachable(let reason):
                    failures += 1
                    let delay = backoff.delay(afterFailures: failures)
                    // At shutdown one try is all there is: the process is about to end.
                    guard !Task.isShuttingDownGracefully, await pause(for: delay) else {
                        logger.warning("results not posted: server unreachable at shutdown",
                                       metadata: ["results": "\(live.count)", "reason": "\(reason)"])
                        return
                    }
                    logger.warning("results not posted yet; trying again", metadata: [
                        "results": "\(live.count)", "reason": "\(reason)", "in": "\(delay)"])
                case .cancelled:
                    return
                }
            }
        }
    }

    private func log(_ receipts: ResultReceipts, for batch: [PendingResult]) {
        if receipts.receipts.count != batch.count {
            logger.warning("server sent \(receipts.receipts.count) receipts for \(batch.count) results")
        }
        var accepted = 0
        for (result, receipt) in zip(batch, receipts.receipts) {
            if receipt.accepted {
                accepted += 1
            } else {
                logger.warning("result refused", metadata: metadata(result).merging([
                    "code": "\(receipt.code ?? "?")", "message": "\(receipt.message ?? "")"]) { $1 })
            }
        }
        logger.debug("results posted", metadata: ["accepted": "\(accepted)", "sent": "\(batch.count)"])
    }

    private func metadata(_ result: PendingResult) -> Logger.Metadata {
        ["lease": "\(result.lease)", "monitor": "\(result.monitorName)"]
    }
}
