import Foundation
import Testing
import TrustMonitorCore
import TrustMonitorLedger
import TrustMonitorServer
@testable import TrustMonitorTestSupport

/// `trustmonitor verify report`: a real report verifies; a tampered figure, a tampered entry, a wrong key and figures
/// that do not follow from the entries are each refused, naming what failed. Python's securesystemslib accepts the
/// envelope too.
@Suite struct VerifyReportCommandTests {
    @Test func aRealReportVerifies() async throws {
        let fixture = try await SLAFixture.make()
        let made = try await fixture.report()
        let verified = await run(["verify", "report", made.path, "--log-key", fixture.keys.log.verifierKey.vkey,
                                  "--report-key", fixture.keys.report.verifierKey.vkey])
        #expect(verified.status == 0, "\(verified.output.stdout)")
        #expect(verified.output.stdout.contains("VERIFIED  SLA report of api"))
        #expect(verified.output.stdout.contains("incidents: 2, times and seconds in the period follow from their entries"))
        #expect(!verified.output.stdout.contains("key taken from the bundle"))
        let trusting = await run(["verify", "report", made.path])
        #expect(trusting.status == 0 && trusting.output.stdout.contains("(key taken from the bundle)"))
    }

    @Test func aTamperedFigureIsRefused() async throws {
        let fixture = try await SLAFixture.make()
        let made = try await fixture.report()
        var (bundle, report) = try fixture.bundle(at: made.path)
        report.figures.downtimeSeconds = 0
        bundle.report.payload = Array(try JSONCoding.encoder().encode(report))
        let result = try await verify(bundle, fixture)
        #expect(result.status == 1 && result.output.stdout.contains("FAIL  report: DSSE signature does not verify"),
                "\(result.output.stdout)")
    }

    @Test func aTamperedEntryIsRefused() async throws {
        let fixture = try await SLAFixture.make()
        let made = try await fixture.report()
        var (bundle, _) = try fixture.bundle(at: made.path)
        bundle.entries[0].entry = bundle.entries[0].entry.replacingOccurrences(of: "HTTP 503", with: "HTTP 200")
        let result = try await verify(bundle, fixture)
        #expect(result.status == 1, "\(result.output.stdout)")
        #expect(result.output.stdout.contains("FAIL  entry \(bundle.entries[0].seq): not included in the checkpoint"))
    }

    @Test func aWrongKeyIsRefused() async throws {
        let fixture = try await SLAFixture.make()
        let made = try await fixture.report()
        let other = try LedgerKeys.loadOrCreate(dataDir: fixture.directory + "/other", origin: "other.example/ledger")
        let wrongLog = await run(["verify", "report", made.path, "--log-key", other.log.verifierKey.vkey])
        #expect(wrongLog.status == 1 && wrongLog.output.stdout.contains("FAIL  checkpoint: does not verify"),
                "\(wrongLog.output.stdout)")
        let wrongReport = await run(["verify", "report", made.path, "--report-key", other.report.verifierKey.vkey])
        #expect(wrongReport.status == 1 && wrongReport.output.stdout.contains("FAIL  report: DSSE signature"),
                "\(wrongReport.output.stdout)")
        // A bundle re-signed with another key and carrying that key: refused against the trusted key.
        var (bundle, _) = try fixture.bundle(at: made.path)
        bundle.report = try DSSEEnvelope.sign(payload: bundle.report.payload, payloadType: DSSE.slaPayloadType,
                                              signer: other.report)
        bundle.keys.report = other.report.verifierKey.vkey
        let resigned = try await verify(bundle, fixture)
        #expect(resigned.status == 1 && resigned.output.stdout.contains("FAIL  report: DSSE signature"))
    }

    /// Correctly signed, with figures that do not follow: each is named.
    @Test(arguments: ["figures", "day", "incident", "summary"])
    func figuresThatDoNotFollowAreRefused(_ what: String) async throws {
        let fixture = try await SLAFixture.make()
        let made = try await fixture.report()
        var (bundle, report) = try fixture.bundle(at: made.path)
        switch what {
        case "figures": report.figures.uptimePercent = 100
        case "day":
            // Downtime moved off the books consistently: the days and the sums agree, the incidents do not.
            report.days[0].downSeconds = 0
            report.figures = SLAFigures(days: report.days, period: SLAReport.range(report.period),
                                        createdAt: UTCSeconds.of(report.monitor.createdAt), includeMaintenance: false)
        case "incident": report.incidents[1].resolvedAt = report.incidents[1].openedAt.addingTimeInterval(60)
        default:
            // A day claimed to come from a summary entry that is an incident's.
            report.days[0].summarySeq = report.incidents[0].ledgerSeqs[0]
        }
        bundle.report = try DSSEEnvelope.sign(payload: Array(try JSONCoding.encoder().encode(report)),
                                              payloadType: DSSE.slaPayloadType, signer: fixture.keys.report)
        let result = try await verify(bundle, fixture)
        #expect(result.status == 1, "\(what): \(result.output.stdout)")
        let expected = ["figures": "FAIL  figures: do not follow from the days",
                        "day": "FAIL  day \(report.days[0].day): down_seconds 0 does not follow",
                        "incident": "FAIL  incident inc_b: resolved_at is not the time",
                        "summary": "FAIL  day \(report.days[0].day): its daily summary"][what] ?? ""
        #expect(result.output.stdout.contains(expected), "\(what): \(result.output.stdout)")
    }

    @Test func unusableInputIsExitTwo() async throws {
        let fixture = try await SLAFixture.make()
        let garbage = fixture.directory + "/garbage.json"
        try "not json".write(toFile: garbage, atomically: true, encoding: .utf8)
        #expect(await run(["verify", "report", garbage]).status == 2)
        #expect(await run(["verify", "report", fixture.directory + "/missing.json"]).status == 2)
    }

    /// securesystemslib verifies the DSSE envelope with the bundle's report key (and not with the log key), and
    /// tlog-scales the checkpoint and every inclusion proof; a tampered payload fails there too.
    @Test func pythonLibrariesVerifyTheBundle() async throws {
        let fixture = try await SLAFixture.make()
        let made = try await fixture.report()
        let script = InteropScript.path("verify_sla_report.py")
        let good = try await InteropScript.run([script, made.path])
        #expect(good.status == 0, "\(good.transcript)")
        #expect(good.stdout.contains("PASS dsse-envelope: securesystemslib") && good.stdout.contains("PASS ledger-proofs"))
        var (bundle, _) = try fixture.bundle(at: made.path)
        bundle.report.payload[bundle.report.payload.count / 2] ^= 0x01
        let tampered = fixture.directory + "/tampered.json"
        try bundle.jsonData().write(to: URL(fileURLWithPath: tampered))
        let bad = try await InteropScript.run([script, tampered])
        #expect(bad.status == 1 && bad.stdout.contains("FAIL dsse-envelope"), "\(bad.transcript)")
    }

    private func verify(_ bundle: SLABundle, _ fixture: SLAFixture) async throws -> (status: Int32, output: OutputBuffer) {
        let path = fixture.directory + "/edited-\(UUID().uuidString).json"
        try bundle.jsonData().write(to: URL(fileURLWithPath: path))
        return await run(["verify", "report", path, "--log-key", fixture.keys.log.verifierKey.vkey,
                          "--report-key", fixture.keys.report.verifierKey.vkey])
    }
}
