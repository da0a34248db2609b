extension Observation {
    /// What is kept of a passing check in the long run: verdict, status, phases, times and certificate, as a
    /// summary without attempts, headers, body evidence or the (all passing) condition list. At a thousand
    /// checks a second full evidence for every success would be tens of gigabytes a day; failures, the
    /// evidence that matters, are kept whole.
    public var compactedIfUp: Observation {
        guard verdict == .up else { return self }
        var copy = self
        copy.attempts = []
        copy.conditions = []
        copy.phases = phases.roundedToMicroseconds
        return copy
    }
}

extension Phases {
    /// Phase times to the microsecond (three decimals of a millisecond): finer digits are noise.
    public var roundedToMicroseconds: Phases {
        func round(_ value: Double?) -> Double? { value.map { ($0 * 1000).rounded() / 1000 } }
        return Phases(dns: round(dns), connect: round(connect), tls: round(tls), ttfb: round(ttfb),
                      transfer: round(transfer), total: round(total))
    }
}
