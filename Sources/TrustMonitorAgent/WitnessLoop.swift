import Foundation
import Logging
import TrustMonitorAgentProtocol
import TrustMonitorLedger

/// Cosigns the log's checkpoints, one add-checkpoint request at a time: long-polls the server with the size
/// it last cosigned, lets the witness check the request, and posts back every answer, rejections included,
/// since a rejection is how a split view surfaces on the server.
///
/// Witnessing is the agent's second job, never a reason to stop the first: when it cannot go on (no log key
/// to trust, a server whose log key is not the pinned one, a server that takes no witnesses) it says why
/// and ends, while checks and heartbeats go on.
struct WitnessLoop: Sendable {
    let client: AgentClient
    let files: WitnessFiles
    /// `--log-key`, which wins over the kept pin and the server's word.
    let configuredLogKey: NoteVerifierKey?
    let wait: Duration
    let maxBackoff: Duration
    let logger: Logger

    /// Runs until graceful shutdown or until witnessing cannot go on; `registered` is the first registration.
    func run(registered: AgentRegistered) async {
        guard let logKey = pinLogKey(served: registered.logKey) else { return }
        let witness: DurableWitness
        do { witness = try DurableWitness(files: files, logKey: logKey) } catch {
            logger.error("cannot witness", metadata: ["reason": "\(error)"])
            return
        }
        let cosignedSize = await witness.size
        logger.info("witnessing the log", metadata: [
            "log_key": "\(logKey.vkey)", "witness_key": "\(files.signer.verifierKey.vkey)",
            "cosigned_size": "\(cosignedSize)"])
        let backoff = Backoff(cap: maxBackoff)
        let waitMs = min(max(Int(wait / .milliseconds(1)), 0), 30_000)
        var failures = 0
        while !Task.isShuttingDownGracefully {
            // A failover may have brought the agent to a server that signs with another key.
            if let served = client.pool.latestRegistration?.logKey, !holds(served, to: logKey) { return }
            let poll = WitnessPoll(size: await witness.size, waitMs: waitMs)
            let clock = ContinuousClock()
            let asked = clock.now
            let body: String?
            do throws(AgentCallError) {
                body = try await unlessStopping { [client] in try await client.witnessRequest(poll) }
            } catch .refused(let refusal) {
                logger.error("the server refused the witness; not witnessing any more", metadata: [
                    "status": "\(refusal.status)", "code": "\(refusal.code)", "message": "\(refusal.message)"])
                return
            } catch .cancelled {
                return
            } catch {
                failures += 1
                let delay = backoff.delay(afterFailures: failures)
                logger.warning("witness poll failed; trying again", metadata: ["error": "\(error)", "in": "\(delay)"])
                guard await pause(for: delay) else { return }
                continue
            }
            guard let body else {
                failures = 0
                // A server that answers "nothing newer" at once (no long poll) must not make us spin.
                if clock.now - asked < .seconds(1) { guard await pause(for: .seconds(1)) else { return } }
                continue
            }
            let outcome = await witness.addCheckpoint(body: body, now: UInt64(Date().timeIntervalSince1970))
            log(outcome)
            await post(outcome.answer)
            if case .cosigned = outcome {
                failures = 0
            } else {
                // The server would ask the same again at once: a fork is answered every so often, not in a spin.
                failures += 1
                guard await pause(for: backoff.delay(afterFailures: failures)) else { return }
            }
        }
    }

    /// The log key to trust: `--log-key`, else the one pinned before, else the server's (pinned now). Nil,
    /// with the reason logged, when there is none or the server's is another.
    func pinLogKey(served text: String?) -> NoteVerifierKey? {
        let served = text.flatMap { try? NoteVerifierKey(vkey: $0) }
        let pinned: NoteVerifierKey
        if let configured = configuredLogKey {
            pinned = configured
            if let kept = files.pinnedLogKey, kept != configured {
                logger.warning("--log-key replaces the pinned log key", metadata: ["pinned": "\(kept.vkey)"])
            }
        } else if let kept = files.pinnedLogKey {
            pinned = kept
        } else if let served {
            pinned = served
        } else {
            logger.warning("not witnessing: the server names no log key and none was given (--log-key)",
                           metadata: ["served": "\(text ?? "none")"])
            return nil
        }
        if pinned != files.pinnedLogKey {
            do { try files.pin(pinned) } catch {
                logger.error("not witnessing: cannot pin the log key", metadata: ["reason": "\(error)"])
                return nil
            }
            logger.info("pinned the log key", metadata: ["log_key": "\(pinned.vkey)"])
        }
        if let text, !holds(text, to: pinned) { return nil }
        return pinned
    }

    /// Whether the server's log key is the pinned one; logs the refusal when it is not.
    private func holds(_ served: String, to pinned: NoteVerifierKey) -> Bool {
        if let key = try? NoteVerifierKey(vkey: served), key == pinned { return true }
        logger.error("""
            not witnessing any more: the server signs with another log key than the pinned one; \
            if the log key really changed, restart with --log-key
            """, metadata: [
                        "served": "\(served)", "pinned": "\(pinned.vkey)"])
        return false
    }

    private func log(_ outcome: DurableWitness.Outcome) {
        switch outcome {
        case .cosigned(let cosigned):
            logger.debug("cosigned", metadata: ["size": "\(cosigned.checkpoint.size)"])
        case .rejected(let rejection, let size):
            // A 409 is a witness behind or ahead of the log's belief; anything else is a log misbehaving.
            logger.log(level: rejection.status == 409 ? .warning : .error, "refused to cosign", metadata: [
                "size": "\(size)", "status": "\(rejection.status)", "code": "\(rejection.code.rawValue)",
                "message": "\(rejection.message)"])
        case .notKept(let error, let size):
            logger.error("not cosigning: the witness state cannot be kept", metadata: [
                "size": "\(size)", "reason": "\(error)"])
        }
    }

    private func post(_ answer: WitnessAnswer) async {
        do throws(AgentCallError) {
            let accepted = try await unlessStopping { [client] in try await client.cosign(answer) }
            if answer.status == 200, !accepted {
                logger.debug("cosignature not used: the server has signed a newer checkpoint", metadata: [
                    "size": "\(answer.size)"])
            }
        } catch .cancelled {
            return
        } catch {
            logger.warning("witness answer not delivered", metadata: [
                "size": "\(answer.size)", "status": "\(answer.status)", "error": "\(error)"])
        }
    }
}
