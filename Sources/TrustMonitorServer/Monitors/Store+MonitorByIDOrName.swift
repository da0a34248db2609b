import TrustMonitorStore

extension Store {
    /// The monitor whose id, or else whose name, is `idOrName` (retired ones too): the API's `{id}`.
    func monitor(idOrName: String) async throws -> MonitorRecord? {
        if let record = try await monitor(id: idOrName) { return record }
        return try await monitor(name: idOrName)
    }
}
