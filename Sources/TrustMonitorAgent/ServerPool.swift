import NIOConcurrencyHelpers
import TrustMonitorAgentProtocol

/// The servers an agent may use (replicas sharing one database, of which one is active) and the one it
/// uses now, with the registration it made there.
///
/// Every loop (heartbeat, leases, results, witness) goes through the same pool, so when one of them finds
/// the server gone they all move together, and the next call registers at the new server first:
/// registration is idempotent for the same keys, and it tells the agent which log key that server signs
/// with. Each move starts a new epoch; a failure seen in an older epoch moves nothing, so several loops
/// failing on the same server at once move the pool one step, not several.
final class ServerPool: Sendable {
    /// The server in use, as one caller saw it.
    struct Session: Sendable {
        let address: ServerAddress
        let epoch: UInt64
        /// This epoch's registration; nil until the agent has registered at this server.
        let registered: AgentRegistered?
    }

    private struct State {
        var index = 0
        var epoch: UInt64 = 0
        var registered: AgentRegistered?
        var latest: AgentRegistered?
    }

    let addresses: [ServerAddress]
    private let state = NIOLockedValueBox(State())

    /// `addresses` is never empty: the configuration refuses an empty list.
    init(_ addresses: [ServerAddress]) {
        precondition(!addresses.isEmpty, "a server pool needs a server")
        self.addresses = addresses
    }

    var current: Session {
        state.withLockedValue { Session(address: addresses[$0.index], epoch: $0.epoch, registered: $0.registered) }
    }

    /// The last registration at any server: what the server in use (or the one before it) answered.
    var latestRegistration: AgentRegistered? { state.withLockedValue { $0.latest } }

    /// Moves on to the next server (round robin) when `session` is still the current one; the address moved
    /// to, or nil when another caller already moved.
    func moveOn(from session: Session) -> ServerAddress? {
        state.withLockedValue { state in
            guard state.epoch == session.epoch else { return nil }
            state.index = (state.index + 1) % addresses.count
            state.epoch &+= 1
            state.registered = nil
            return addresses[state.index]
        }
    }

    /// Keeps the registration made in `session`, unless the pool has moved on since.
    func record(_ registered: AgentRegistered, in session: Session) {
        state.withLockedValue { state in
            state.latest = registered
            if state.epoch == session.epoch { state.registered = registered }
        }
    }
}
