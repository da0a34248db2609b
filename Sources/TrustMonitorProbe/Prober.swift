public import NIOCore
import NIOConcurrencyHelpers
import NIOPosix
import NIOSSL
public import TrustMonitorCore

import struct Foundation.Date

/// Runs checks: one `CheckRequest` in, one `Observation` out, never a thrown error for a failed target.
///
/// The retry policy decides, the prober executes: each attempt gets a fresh connection and a deadline that is
/// the earlier of its own timeout and the check's budget, and the budget is the one owner of all time spent,
/// waits between attempts included.
public struct Prober: Sendable {
    private let runner: AttemptRunner
    private let tlsContexts: TLSContextCache
    private let group: any EventLoopGroup

    /// A prober on NIO's shared event loops.
    public init(resolver: any HostResolver = SystemResolver()) {
        self.init(group: MultiThreadedEventLoopGroup.singleton, resolver: resolver)
    }

    public init(group: any EventLoopGroup, resolver: any HostResolver) {
        self.group = group
        self.runner = AttemptRunner(connector: HopConnector(resolver: resolver))
        self.tlsContexts = TLSContextCache()
    }

    /// Fails only for unusable local input (a CA file that cannot be read): a programmer or configuration
    /// error, reported before any traffic and never retried.
    public func validate(_ request: CheckRequest) throws {
        if request.target.scheme == .https { _ = try tlsContexts.context(caFile: request.caFile) }
    }

    public func check(_ request: CheckRequest) async -> Observation {
        var random = SystemRandomNumberGenerator()
        return await check(request, random: &random)
    }

    /// One check, its attempts all on one event loop (see `EventLoopTaskExecutor`).
    public func check(_ request: CheckRequest, random: inout some RandomNumberGenerator) async -> Observation {
        let eventLoop = group.next()
        return await withTaskExecutorPreference(EventLoopTaskExecutor(eventLoop)) {
            await run(request, on: eventLoop, random: &random)
        }
    }

    private func run(_ request: CheckRequest, on eventLoop: any EventLoop,
                     random: inout some RandomNumberGenerator) async -> Observation {
        let startedAt = Date()
        let start = NIODeadline.now()
        let budgetEnd = start + .nanoseconds(Self.nanoseconds(request.effectiveBudget))
        var attempts: [Attempt] = []
        var stopReason: String?
        let tlsContext: NIOSSLContext?
        do {
            tlsContext = request.target.scheme == .https ? try tlsContexts.context(caFile: request.caFile) : nil
        } catch {
            let attempt = Attempt(number: 1, startedAt: startedAt, url: request.target.description,
                                  failure: Failure(.tlsHandshakeFailed, "TLS setup failed: \(error)"))
            return Observation(target: request.target.description, method: request.method, startedAt: startedAt,
                               finishedAt: Date(), attempts: [attempt], retryStop: "TLS could not be set up")
        }

        for number in 1...max(request.retry.attempts, 1) {
            let attemptDeadline = min(NIODeadline.now() + .nanoseconds(Self.nanoseconds(request.timeout)), budgetEnd)
            let attempt = await runner.run(request, number: number, deadline: attemptDeadline, tlsContext: tlsContext,
                                           on: eventLoop)
            attempts.append(attempt)
            guard let failure = attempt.failure else { break }
            let remaining = Duration.nanoseconds(Int64(budgetEnd.uptimeNanoseconds) - Int64(NIODeadline.now().uptimeNanoseconds))
            let decision = request.retry.nextStep(
                afterAttempt: number, failure: failure, status: attempt.status,
                retryAfter: attempt.retryAfterMs.map { .milliseconds($0) }, remaining: remaining, random: &random)
            switch decision {
            case .stop(let reason):
                stopReason = reason
            case .retry(let delay):
                attempts[attempts.count - 1].delayBeforeNextMs = delay.milliseconds
                do {
                    try await Task.sleep(for: delay)
                } catch {
                    stopReason = "cancelled"
                }
            }
            if stopReason != nil { break }
        }
        return Observation(target: request.target.description, method: request.method, startedAt: startedAt,
                           finishedAt: Date(), attempts: attempts, retryStop: stopReason)
    }

    static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}

/// TLS contexts are costly to build (the system trust store is parsed each time), so one per CA file is
/// built once and shared by every check.
final class TLSContextCache: Sendable {
    private let contexts = NIOLockedValueBox<[String: NIOSSLContext]>([:])

    func context(caFile: String?) throws -> NIOSSLContext {
        let key = caFile ?? ""
        return try contexts.withLockedValue { contexts in
            if let existing = contexts[key] { return existing }
            var configuration = TLSConfiguration.makeClientConfiguration()
            if let caFile { configuration.additionalTrustRoots = [.file(caFile)] }
            let context = try NIOSSLContext(configuration: configuration)
            contexts[key] = context
            return context
        }
    }
}
