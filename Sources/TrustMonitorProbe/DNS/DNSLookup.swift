/// What the answers to one host lookup (an A and an AAAA query) add up to so far. Pure, so the rules for
/// combining two answers that may disagree are tested without sockets or timers.
struct DNSLookup: Sendable {
    /// What one query produced: addresses (possibly none), or a failure.
    enum Outcome: Sendable, Equatable {
        case addresses([[UInt8]])
        case failed(ResolutionError)
    }

    /// What the exchange should do after an answer.
    enum Next: Sendable, Equatable {
        /// Keep waiting for the other answer until the deadline.
        case wait
        /// One family has addresses: wait only a short grace for the other, so a nameserver that drops AAAA
        /// queries does not spend the whole check budget on DNS (the Resolution Delay of RFC 8305).
        case waitBriefly
        case finish(Result<[[UInt8]], ResolutionError>)
    }

    let host: DNSName
    /// The nameserver as people write it (`127.0.0.1:5353`), for failure messages.
    let nameserver: String
    private var outcomes: [DNSRecordType: Outcome] = [:]
    /// A failure seen on the way that is no query's answer (an unreadable packet), reported if nothing better
    /// arrives by the deadline.
    private var strayFailure: ResolutionError?

    init(host: DNSName, nameserver: String) {
        self.host = host
        self.nameserver = nameserver
    }

    func isPending(_ type: DNSRecordType) -> Bool {
        outcomes[type] == nil
    }

    /// Turns a parsed response (or the reason it could not be parsed) into this query's outcome.
    mutating func record(_ response: Result<DNSMessage.Response, DNSMessage.ParseError>, for type: DNSRecordType)
        -> Next
    {
        outcomes[type] = outcome(of: response)
        return next()
    }

    /// Notes a packet from the nameserver that answers no query (too short to carry an ID).
    mutating func recordUnreadablePacket() {
        strayFailure = ResolutionError(.serverFailure, "malformed DNS response from \(nameserver): too short")
    }

    /// The result once time is up (the deadline, or the grace after the first addresses): whatever addresses
    /// arrived, else the most telling failure, else a timeout.
    func resultWhenTimeIsUp() -> Result<[[UInt8]], ResolutionError> {
        let found = addresses
        if !found.isEmpty { return .success(found) }
        if let failure = firstFailure ?? strayFailure { return .failure(failure) }
        return .failure(ResolutionError(.timedOut, "no DNS answer from \(nameserver) for \(host) by the deadline"))
    }

    private func outcome(of response: Result<DNSMessage.Response, DNSMessage.ParseError>) -> Outcome {
        switch response {
        case .failure(let error):
            return .failed(ResolutionError(.serverFailure, "malformed DNS response from \(nameserver): \(error)"))
        case .success(let message) where message.rcode == 0:
            return .addresses(message.addresses.map(\.bytes))
        case .success(let message) where message.rcode == 3:
            return .failed(ResolutionError(.notFound, "NXDOMAIN for \(host)"))
        case .success(let message):
            let code = DNSMessage.rcodeName(message.rcode)
            return .failed(ResolutionError(.serverFailure, "\(code) from \(nameserver)"))
        }
    }

    private func next() -> Next {
        // NXDOMAIN is about the name, not the record type: the other answer cannot change it.
        for case .failed(let error) in outcomes.values where error.kind == .notFound {
            return .finish(.failure(error))
        }
        let found = addresses
        guard outcomes.count == 2 else { return found.isEmpty ? .wait : .waitBriefly }
        if !found.isEmpty { return .finish(.success(found)) }
        if let failure = firstFailure { return .finish(.failure(failure)) }
        return .finish(.failure(ResolutionError(.noAddresses, "no A or AAAA records for \(host)")))
    }

    /// IPv4 first, then IPv6, each in answer order without duplicates: the order the prober tries them in.
    private var addresses: [[UInt8]] {
        var all: [[UInt8]] = []
        for type in [DNSRecordType.a, .aaaa] {
            if case .addresses(let list)? = outcomes[type] { all.append(contentsOf: list) }
        }
        var seen = Set<[UInt8]>()
        let unique = all.filter { seen.insert($0).inserted }
        return unique.filter { $0.count == 4 } + unique.filter { $0.count == 16 }
    }

    /// The A query's failure before the AAAA query's, so the message does not depend on arrival order.
    private var firstFailure: ResolutionError? {
        for type in [DNSRecordType.a, .aaaa] {
            if case .failed(let error)? = outcomes[type] { return error }
        }
        return nil
    }
}
