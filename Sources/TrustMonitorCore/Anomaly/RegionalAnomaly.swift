/// A monitor's slowdown across its regions: the worst region's explanation and how widespread it is,
/// "TLS handshake 4.1x its usual 40 ms for 6 minutes, in 2 of 3 regions".
public struct RegionalAnomaly: Sendable, Equatable, CustomStringConvertible {
    /// The explanation with the largest factor.
    public var worst: AnomalyExplanation
    /// The degraded regions, sorted by name.
    public var regions: [String]
    /// How many regions check the monitor in all.
    public var regionCount: Int

    /// Nil when no region is degraded. `degraded` maps each degraded region to its explanation;
    /// `regionCount` counts every region checking the monitor, degraded or not.
    public init?(degraded: [String: AnomalyExplanation], regionCount: Int) {
        let ordered = degraded.sorted { $0.key < $1.key }
        guard let worst = ordered.max(by: { $0.value.factor < $1.value.factor })?.value else { return nil }
        self.worst = worst
        regions = ordered.map(\.key)
        self.regionCount = max(regionCount, ordered.count)
    }

    public var description: String {
        regionCount <= 1 ? worst.description : "\(worst), in \(regions.count) of \(regionCount) regions"
    }
}
