import struct Foundation.Date
import TrustMonitorLedger

/// What a registration does to a probe's keys, decided once for every backend.
///
/// The signing key is bound at the first registration and never replaced: a new key needs a new probe, so
/// a stolen token cannot quietly take over a probe whose signatures are in the log. A witness key may be
/// added later (an agent upgraded to witness), but a bound one is not replaced either. Registering without
/// a witness key leaves a bound one as it is (an agent started with `--no-witness`).
enum ProbeKeyBinding: Equatable {
    case unchanged
    /// First registration: bind both keys.
    case bind(key: String, witnessKey: String?)
    /// Same signing key, and a witness key where there was none.
    case addWitness(String)

    static func decide(_ probe: ProbeRecord, key: String, witnessKey: String?) throws -> ProbeKeyBinding {
        guard let bound = probe.key else { return .bind(key: key, witnessKey: witnessKey) }
        guard bound == key else {
            throw StoreError.conflict("probe '\(probe.name)' is registered with another key; "
                                      + "a new key needs a new probe (trustmonitor probes add)")
        }
        switch (probe.witnessKey, witnessKey) {
        case (_, nil): return .unchanged
        case (nil, let added?): return .addWitness(added)
        case (let current?, let asked?) where current == asked: return .unchanged
        default:
            throw StoreError.conflict("probe '\(probe.name)' is registered with another witness key; "
                                      + "a new witness key needs a new probe (trustmonitor probes add)")
        }
    }

    /// The probe as it is after the binding, and the ledger entry that records it (nil when unchanged).
    func apply(to probe: ProbeRecord, now: Date) -> (ProbeRecord, LedgerEntryDraft?) {
        var updated = probe
        switch self {
        case .unchanged: return (probe, nil)
        case let .bind(key, witnessKey):
            updated.key = key
            updated.witnessKey = witnessKey
            updated.registeredAt = now
        case let .addWitness(witnessKey):
            updated.witnessKey = witnessKey
        }
        let entry = ProbeLedger.registered(probe: probe.name, region: probe.region, witnessKey: updated.witnessKey,
                                           key: updated.key ?? "", at: now)
        return (updated, entry)
    }
}
