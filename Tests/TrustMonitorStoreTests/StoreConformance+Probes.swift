import Foundation
import Testing
import TrustMonitorLedger
import TrustMonitorStore

extension StoreConformance {
    /// A probe is found by its token's hash only; its key is bound once, logged, and never replaced.
    func probesRegisterOnceWithTheirKey() async throws {
        try await withFreshStore { store in
            let now = Fixture.at("2024-03-01T10:00:00.000Z")
            let added = try await store.addProbe(name: "eu-1", region: "eu", tokenHash: "aa11", now: now)
            #expect(added.name == "eu-1" && added.region == "eu" && added.key == nil && added.registeredAt == nil)
            await #expect(throws: StoreError.self) {
                _ = try await store.addProbe(name: "eu-1", region: "us", tokenHash: "bb22", now: now)
            }
            #expect(try await store.probe(tokenHash: "aa11")?.id == added.id)
            #expect(try await store.probe(tokenHash: "bb22") == nil)

            let later = now.addingTimeInterval(5)
            let registered = try await store.registerProbeKey(id: added.id, key: "trustmonitor-agent+01020304+AQ==", witnessKey: "w+0a0b0c0d+BA==", now: later)
            #expect(registered.key == "trustmonitor-agent+01020304+AQ==" && registered.registeredAt == later)
            // The same key again changes nothing; another key is refused.
            #expect(try await store.registerProbeKey(id: added.id, key: "trustmonitor-agent+01020304+AQ==", witnessKey: "w+0a0b0c0d+BA==",
                                                     now: later.addingTimeInterval(1)) == registered)
            await #expect(throws: StoreError.self) {
                _ = try await store.registerProbeKey(id: added.id, key: "trustmonitor-agent+05060708+AQ==", witnessKey: nil, now: later)
            }
            await #expect(throws: StoreError.self) {
                _ = try await store.registerProbeKey(id: "prb_missing", key: "k", witnessKey: nil, now: later)
            }

            // The registration is in the ledger, once.
            let entries = try await store.ledgerEntries(from: 0, limit: 10)
            #expect(entries.count == 1)
            let first = try #require(entries.first)
            let entry = try #require(try JSONSerialization.jsonObject(with: Data(first.bytes)) as? [String: Any])
            #expect(entry["type"] as? String == "probe.registered")
            #expect(entry["probe"] as? String == "eu-1" && entry["region"] as? String == "eu")
            #expect(entry["key"] as? String == "trustmonitor-agent+01020304+AQ==")
            #expect(entry["monitor"] == nil)
        }
    }

    /// An agent upgraded to witness adds its witness key once, logged; it never replaces a bound one.
    func probesAddAWitnessKeyOnce() async throws {
        try await withFreshStore { store in
            let now = Fixture.at("2024-03-01T10:00:00.000Z")
            let probe = try await store.addProbe(name: "us-1", region: "us", tokenHash: "ee55", now: now)
            let key = "trustmonitor-agent+01020304+AQ=="
            _ = try await store.registerProbeKey(id: probe.id, key: key, witnessKey: nil, now: now)
            let upgraded = try await store.registerProbeKey(id: probe.id, key: key, witnessKey: "w+0a0b0c0d+BA==",
                                                            now: now.addingTimeInterval(60))
            #expect(upgraded.witnessKey == "w+0a0b0c0d+BA==" && upgraded.registeredAt == now)
            #expect(try await store.registerProbeKey(id: probe.id, key: key, witnessKey: nil, now: now) == upgraded,
                    "registering without a witness key leaves the bound one")
            await #expect(throws: StoreError.self) {
                _ = try await store.registerProbeKey(id: probe.id, key: key, witnessKey: "w+99999999+BA==", now: now)
            }
            let entries = try await store.ledgerEntries(from: 0, limit: 10)
            #expect(entries.count == 2, "the registration and the added witness key")
            let last = try #require(entries.last)
            let logged = try #require(try JSONSerialization.jsonObject(with: Data(last.bytes)) as? [String: Any])
            #expect(logged["witness_key"] as? String == "w+0a0b0c0d+BA==" && logged["key"] as? String == key)
            #expect(try await store.probes().first?.witnessKey == "w+0a0b0c0d+BA==")
        }
    }

    /// Heartbeats keep the last time and whether the canary failed; probes are listed by name.
    func heartbeatsMarkProbesImpaired() async throws {
        try await withFreshStore { store in
            let now = Fixture.at("2024-03-01T10:00:00.000Z")
            let us = try await store.addProbe(name: "us-1", region: "us", tokenHash: "cc33", now: now)
            _ = try await store.addProbe(name: "ap-1", region: "ap", tokenHash: "dd44", now: now)
            try await store.recordHeartbeat(id: us.id, at: now.addingTimeInterval(10), canaryFailure: "connect_timeout: canary")
            var listed = try await store.probes()
            #expect(listed.map(\.name) == ["ap-1", "us-1"])
            #expect(listed[1].impaired && listed[1].canaryFailure == "connect_timeout: canary")
            #expect(listed[1].lastHeartbeat == now.addingTimeInterval(10))
            #expect(!listed[0].impaired && listed[0].lastHeartbeat == nil)

            try await store.recordHeartbeat(id: us.id, at: now.addingTimeInterval(20), canaryFailure: nil)
            listed = try await store.probes()
            #expect(!listed[1].impaired && listed[1].canaryFailure == nil)
            await #expect(throws: StoreError.self) {
                try await store.recordHeartbeat(id: "prb_missing", at: now, canaryFailure: nil)
            }
        }
    }
}
