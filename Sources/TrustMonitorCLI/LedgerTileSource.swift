import Foundation
import TrustMonitorLedger
import TrustMonitorStore

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A running server's ledger read the way any tlog-tiles client reads it: the signed checkpoint from
/// `/ledger/checkpoint`, the entries from the entry bundles under `/ledger/tile/entries/`. Nothing the
/// server says about hashes is taken on trust: the audit hashes the entry bytes itself.
struct LedgerTileSource {
    let base: URL
    /// The signed checkpoint the server published when the audit began.
    let note: String
    let size: Int

    /// Fetches and parses the server's current checkpoint (its signature is checked by the audit).
    static func connect(_ base: URL) async throws -> LedgerTileSource {
        let note = String(decoding: try await fetch(base, "ledger/checkpoint"), as: UTF8.self)
        let checkpoint: Checkpoint
        do {
            checkpoint = try Checkpoint(text: try SignedNote(parsing: note).text)
        } catch {
            throw TileFetchError(message: "\(base)/ledger/checkpoint is not a signed checkpoint: \(error)")
        }
        return LedgerTileSource(base: base, note: note, size: checkpoint.size)
    }

    /// Entries `from..<min(from + limit, size)`, whole bundles at a time; the last bundle may be partial.
    func entries(from: Int, limit: Int) async throws -> [StoredLedgerEntry] {
        guard from < size else { return [] }
        let end = min(from + limit, size)
        var result: [StoredLedgerEntry] = []
        var index = from / TilePath.width
        while index * TilePath.width < end {
            let start = index * TilePath.width
            let width = min(TilePath.width, size - start)
            let path = "ledger/" + TilePath.entryBundle(index: index, width: width)
            let bundle: [[UInt8]]
            do {
                bundle = try EntryBundle.decode(try await Self.fetch(base, path))
            } catch let error as LedgerError {
                throw TileFetchError(message: "\(path): \(error)")
            }
            guard bundle.count == width else {
                throw TileFetchError(message: "\(path) holds \(bundle.count) entries, not \(width)")
            }
            for (offset, bytes) in bundle.enumerated() where (from..<end).contains(start + offset) {
                result.append(StoredLedgerEntry(seq: start + offset, bytes: bytes,
                                                leafHash: RFC6962.leafHash(entry: bytes).hex))
            }
            index += 1
        }
        return result
    }

    private static func fetch(_ base: URL, _ path: String) async throws -> [UInt8] {
        let url = base.appendingPathComponent(path)
        var request = URLRequest(url: url, timeoutInterval: 30)
        request.cachePolicy = .reloadIgnoringLocalCacheData
        let (data, response) = try await URLSession.shared.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard status == 200 else { throw TileFetchError(message: "GET \(url) answered HTTP \(status)") }
        return Array(data)
    }
}

struct TileFetchError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
