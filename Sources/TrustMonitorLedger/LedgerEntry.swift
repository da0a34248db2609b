public import struct Foundation.Date
public import struct Foundation.Data
import Crypto
public import TrustMonitorCore

/// One ledger entry before it has a place in the log: what happened, to which monitor and incident, and
/// the digests that tie it to the stored evidence.
///
/// The entry's bytes are made once (`bytes(seq:)`) and from then on stored, hashed and served as those
/// exact bytes; verifiers never re-serialize them (LEDGER.md, "Entries").
public struct LedgerEntryDraft: Sendable, Equatable {
    public var type: String
    public var ts: Date
    /// The monitor the entry is about; nil for entries about no monitor (a probe's registration).
    public var monitor: String?
    public var incident: String?
    /// The type's own fields, already JSON values (strings, numbers, nested objects).
    public var fields: [String: LedgerValue]

    public init(type: String, ts: Date, monitor: String?, incident: String?, fields: [String: LedgerValue]) {
        self.type = type
        self.ts = ts
        self.monitor = monitor
        self.incident = incident
        self.fields = fields
    }

    /// Format version of the entry fields.
    public static let version = 1

    /// The entry as stored: one JSON object, keys sorted, no insignificant whitespace.
    public func bytes(seq: Int) -> [UInt8] {
        var object = fields
        object["v"] = .int(Self.version)
        object["type"] = .string(type)
        object["ts"] = .string(RFC3339.format(ts))
        if let monitor { object["monitor"] = .string(monitor) }
        object["seq"] = .int(seq)
        if let incident { object["incident"] = .string(incident) }
        return Array(LedgerValue.object(object).json.utf8)
    }
}

/// The JSON values an entry holds, written by hand so the bytes are exactly what we say they are.
public indirect enum LedgerValue: Sendable, Equatable {
    case string(String)
    case int(Int)
    case bool(Bool)
    case object([String: LedgerValue])
    case array([LedgerValue])

    public var json: String {
        switch self {
        case .string(let text): return Self.quote(text)
        case .int(let value): return String(value)
        case .bool(let value): return value ? "true" : "false"
        case .array(let values): return "[" + values.map(\.json).joined(separator: ",") + "]"
        case .object(let members):
            return "{" + members.keys.sorted().map { key in
                Self.quote(key) + ":" + (members[key]?.json ?? "null")
            }.joined(separator: ",") + "}"
        }
    }

    static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

/// The entries an incident's events put in the ledger: opened (with the failure and the primary's evidence
/// digest), one `incident.verified` per look, resolved (with the recoveries' digests).
public enum IncidentLedger {
    public static func opened(_ incident: Incident) -> [LedgerEntryDraft] {
        var drafts = [LedgerEntryDraft(
            type: "incident.opened", ts: incident.openedAt, monitor: incident.monitor, incident: incident.id,
            fields: [
                "monitor_name": .string(incident.monitorName), "endpoint": .string(incident.endpoint),
                "failure": failure(incident.failure),
                "evidence_sha256": .string(incident.verifications.first.map { digest($0.observation) } ?? ""),
            ])]
        for verdict in incident.verifications {
            drafts.append(LedgerEntryDraft(
                type: "incident.verified", ts: verdict.at, monitor: incident.monitor, incident: incident.id,
                fields: look(verdict)))
        }
        return drafts
    }

    public static func resolved(_ incident: Incident, at: Date) -> [LedgerEntryDraft] {
        [LedgerEntryDraft(
            type: "incident.resolved", ts: at, monitor: incident.monitor, incident: incident.id,
            fields: ["recoveries": .array(incident.recoveries.map { .object(look($0)) })])]
    }

    static func look(_ verdict: ProbeVerdict) -> [String: LedgerValue] {
        var fields: [String: LedgerValue] = [
            "probe": .string(verdict.probe), "role": .string(verdict.role.rawValue),
            "independence": .string(verdict.independence), "verdict": .string(verdict.observation.verdict.rawValue),
            "observation_sha256": .string(digest(verdict.observation)),
        ]
        if let failure = verdict.observation.failure { fields["failure"] = Self.failure(failure) }
        if let region = verdict.region { fields["region"] = .string(region) }
        if let attestation = verdict.attestation, let key = verdict.probeKey {
            fields["attestation_sha256"] = .string(HexCoding.encode(SHA256.hash(data: Data(attestation.utf8))))
            fields["probe_key"] = .string(key)
        }
        return fields
    }

    static func failure(_ failure: Failure) -> LedgerValue {
        .object(["code": .string(failure.code.rawValue), "layer": .string(failure.layer.rawValue),
                 "message": .string(failure.message)])
    }

    /// SHA-256 of the observation in its one JSON form, as stored with the incident.
    public static func digest(_ observation: Observation) -> String {
        let data = (try? JSONCoding.encoder().encode(observation)) ?? Data()
        return HexCoding.encode(SHA256.hash(data: data))
    }
}

/// The entry that fixes a probe's signing key in the log when it first registers: every observation it
/// signs later can be checked against a key whose registration time the log proves.
public enum ProbeLedger {
    public static func registered(probe: String, region: String, witnessKey: String?, key: String, at: Date)
        -> LedgerEntryDraft
    {
        var fields: [String: LedgerValue] = ["probe": .string(probe), "region": .string(region), "key": .string(key)]
        if let witnessKey { fields["witness_key"] = .string(witnessKey) }
        return LedgerEntryDraft(type: "probe.registered", ts: at, monitor: nil, incident: nil, fields: fields)
    }
}
