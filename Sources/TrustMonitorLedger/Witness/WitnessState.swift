/// What a witness must remember across restarts: per log origin, the latest checkpoint it cosigned.
///
/// This is the whole of a witness's memory, and losing it is what would let a log fork it: a witness that forgot
/// size N would cosign a different tree of size N. So the caller persists it (as JSON, via `Codable`) before it
/// sends a cosignature, and decoding rejects anything a witness could not have written.
public struct WitnessState: Hashable, Sendable, Codable {
    /// The format version written into the JSON, so that a later layout is never misread as this one.
    public static let version = 1

    /// The latest checkpoint cosigned for one origin: its size and root.
    public struct Log: Hashable, Sendable, Codable {
        public let size: Int
        public let rootHash: MerkleHash

        /// The state of a log never cosigned: the tlog-witness spec treats it as size 0, and size 0 has
        /// exactly one root, the empty tree's.
        public static let initial = Log(size: 0, rootHash: RFC6962.emptyRoot)

        public init(size: Int, rootHash: MerkleHash) {
            self.size = size
            self.rootHash = rootHash
        }

        private enum CodingKeys: String, CodingKey {
            case size
            case rootHash = "root_hash"
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            let size = try container.decode(Int.self, forKey: .size)
            let base64 = try container.decode(String.self, forKey: .rootHash)
            guard size >= 0 else {
                throw DecodingError.dataCorruptedError(forKey: .size, in: container, debugDescription: "negative size")
            }
            guard let rootHash = MerkleHash(base64: base64) else {
                throw DecodingError.dataCorruptedError(forKey: .rootHash, in: container,
                                                       debugDescription: "not canonical base64 of 32 bytes")
            }
            guard size > 0 || rootHash == RFC6962.emptyRoot else {
                throw DecodingError.dataCorruptedError(forKey: .rootHash, in: container,
                                                       debugDescription: "size 0 needs the empty root")
            }
            self.init(size: size, rootHash: rootHash)
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(size, forKey: .size)
            try container.encode(rootHash.base64, forKey: .rootHash)
        }
    }

    /// Every origin cosigned at least once. Changed only by `Witness.addCheckpoint`, after all its checks.
    public private(set) var logs: [String: Log]

    /// A witness that has cosigned nothing yet.
    public init() {
        logs = [:]
    }

    /// The record for `origin`, `Log.initial` when it was never cosigned.
    public subscript(origin: String) -> Log {
        logs[origin] ?? .initial
    }

    /// Records `checkpoint` as the latest cosigned for its origin; the witness calls it only after checking
    /// that `checkpoint` is consistent with the current record.
    mutating func record(_ checkpoint: Checkpoint) {
        logs[checkpoint.origin] = Log(size: checkpoint.size, rootHash: checkpoint.rootHash)
    }

    private enum CodingKeys: String, CodingKey {
        case version = "v"
        case logs
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let version = try container.decode(Int.self, forKey: .version)
        guard version == Self.version else {
            throw DecodingError.dataCorruptedError(forKey: .version, in: container,
                                                   debugDescription: "unknown witness state version \(version)")
        }
        logs = try container.decode([String: Log].self, forKey: .logs)
        guard logs.keys.allSatisfy(NoteName.isValid) else {
            throw DecodingError.dataCorruptedError(forKey: .logs, in: container,
                                                   debugDescription: "an origin has spaces, '+' or controls")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Self.version, forKey: .version)
        try container.encode(logs, forKey: .logs)
    }
}
