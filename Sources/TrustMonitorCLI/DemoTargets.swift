import Foundation
import Hummingbird
import NIOConcurrencyHelpers
import NIOCore

/// Local services for `trustmonitor demo`, each misbehaving on a timetable so that, within a minute or
/// two, the demo shows a confirmed incident and its recovery, suppressed false alarms, and a silent failure; within
/// five, a slowdown shown as `degraded`.
///
/// The timetable is a function of seconds since start: the same demo run tells the same story.
struct DemoTargets {
    let started = Date()

    var elapsed: Int { Int(Date().timeIntervalSince(started)) }

    /// Healthy throughout.
    func healthy() -> Response { json(200, #"{"status":"ok","version":"1.4.2"}"#) }

    /// Down (503) from 20 s to 60 s of every 150 s: long enough for re-checks to confirm an incident.
    func outage() -> Response {
        (20..<60).contains(elapsed % 150) ? json(503, #"{"status":"down"}"#) : json(200, #"{"status":"ok"}"#)
    }

    /// One failed response now and then (every 7th request): a blip that verification suppresses.
    func flaky(count: Int) -> Response {
        count % 7 == 3 ? json(502, #"{"error":"bad gateway"}"#) : json(200, #"{"status":"ok"}"#)
    }

    /// 200 with the wrong body from 45 s to 75 s of every 120 s: the silent failure only conditions catch.
    func wrongBody() -> Response {
        (45..<75).contains(elapsed % 120)
            ? json(200, #"{"status":"degraded","items":[]}"#) : json(200, #"{"status":"ok","items":[1,2,3]}"#)
    }

    /// Slow (300 ms more) from 180 s to 360 s of every 480 s, and always up: after its baseline is learned (30
    /// checks), the slowdown makes it `degraded`, with an explanation, and never an incident.
    func slow() async throws -> Response {
        if (180..<360).contains(elapsed % 480) { try await Task.sleep(for: .milliseconds(300)) }
        return json(200, #"{"status":"ok"}"#)
    }

    private func json(_ status: Int, _ body: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(status: .init(code: status), headers: headers,
                        body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    /// The router serving all four on one port, and a webhook receiver for the demo's alerts: each alert's
    /// summary is handed to `received`.
    func router(received: @escaping @Sendable (String) -> Void = { _ in }) -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        let requests = NIOLockedValueBox(0)
        router.post("/alerts") { request, _ in
            let body = try await request.body.collect(upTo: 1 << 20)
            let json = try? JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any]
            received((json?["summary"] as? String) ?? "an alert without a summary")
            return Response(status: .noContent)
        }
        router.get("/healthy") { _, _ in healthy() }
        router.get("/outage") { _, _ in outage() }
        router.get("/flaky") { _, _ in flaky(count: requests.withLockedValue { $0 += 1; return $0 }) }
        router.get("/wrong-body") { _, _ in wrongBody() }
        router.get("/slow") { _, _ in try await slow() }
        return router
    }

    /// The demo's configuration, pointing at the targets on `port`.
    static func config(targetPort: Int, apiPort: Int, dataDir: String) -> String {
        let base = "http://127.0.0.1:\(targetPort)"
        return """
            server: {listen: 127.0.0.1:\(apiPort), data_dir: \(dataDir)}
            storage: {sqlite: \(dataDir)/trustmonitor.db}
            monitors:
              - name: healthy-api
                url: \(base)/healthy
                interval: 5s
                timeout: 2s
                conditions: ["[STATUS] == 200", "[BODY].status == ok"]
              - name: outage-api
                url: \(base)/outage
                interval: 5s
                timeout: 2s
                conditions: ["[STATUS] == 200"]
                retry: {attempts: 1}
                verify: {probes: 2, quorum: 2, recheck_delay: 1s}
                alerts: [demo-hook]
              - name: flaky-api
                url: \(base)/flaky
                interval: 3s
                timeout: 2s
                retry: {attempts: 1}
                verify: {probes: 2, quorum: 2, recheck_delay: 1s}
                alerts: [demo-hook]
              - name: wrong-body-api
                url: \(base)/wrong-body
                interval: 5s
                timeout: 2s
                conditions: ["[STATUS] == 200", "[BODY].status == ok", "len([BODY].items) > 0"]
                verify: {probes: 1, quorum: 2, recheck_delay: 1s}
                alerts: [demo-hook]
              - name: slow-api
                url: \(base)/slow
                interval: 3s
                timeout: 2s
                anomaly: {min_duration: 1m, alerts: [demo-hook]}
            alerts:
              - {name: demo-hook, type: webhook, url: "\(base)/alerts"}
            """
    }
}

