import TrustMonitorAgentProtocol
import TrustMonitorLedger

/// The pure `Witness` with its state on disk: the one owner of both, so the size check and the state update
/// of one add-checkpoint are atomic (C2SP tlog-witness requires it), and the new state is durable before
/// the cosignature exists outside this actor.
///
/// Each call runs without a suspension point: the witness is copied, the copy checks and records, the copy's
/// state is written, and only then does the copy replace the witness. A failed write keeps the old witness,
/// and no cosignature is returned.
actor DurableWitness {
    /// What became of one add-checkpoint request, and the answer the server gets for it.
    enum Outcome: Sendable {
        case cosigned(Witness.Cosigned)
        case rejected(WitnessRejection, size: Int)
        /// The checks passed but the state could not be kept, so the cosignature was withheld.
        case notKept(AgentFileError, size: Int)

        /// Exactly what a tlog-witness server would have answered over HTTP.
        var answer: WitnessAnswer {
            switch self {
            case .cosigned(let cosigned):
                WitnessAnswer(size: cosigned.checkpoint.size, status: 200, body: cosigned.body)
            case .rejected(let rejection, let size):
                WitnessAnswer(size: size, status: rejection.status, body: rejection.body)
            case .notKept(let error, let size):
                WitnessAnswer(size: size, status: 500, body: "the witness cannot keep its state: \(error)\n")
            }
        }
    }

    private var witness: Witness
    private let files: WitnessFiles
    /// The pinned log's origin (its key name): the one log this witness follows.
    let origin: String

    init(files: WitnessFiles, logKey: NoteVerifierKey) throws(LedgerError) {
        witness = try Witness(signer: files.signer, logKeys: [logKey], state: files.state)
        self.files = files
        origin = logKey.name
    }

    /// The size of the latest checkpoint cosigned for the pinned log: what the agent polls with.
    var size: Int { witness.state[origin].size }

    func addCheckpoint(body: String, now: UInt64) -> Outcome {
        // The size the answer is about; a body that does not parse is answered about size 0.
        let size = (try? AddCheckpointRequest(parsing: body))?.checkpoint.size ?? 0
        var next = witness
        switch next.addCheckpoint(body: Array(body.utf8), now: now) {
        case .failure(let rejection):
            return .rejected(rejection, size: size)
        case .success(let cosigned):
            do { try files.save(next.state) } catch {
                return .notKept(error, size: size)
            }
            witness = next
            return .cosigned(cosigned)
        }
    }
}
