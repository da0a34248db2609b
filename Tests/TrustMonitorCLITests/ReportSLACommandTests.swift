import Foundation
import Testing
import TrustMonitorConfig
import TrustMonitorCore
import TrustMonitorLedger
@testable import TrustMonitorServer
import TrustMonitorStore

/// `trustmonitor report sla` on a store with a known history: the figures to the second, the page, the PDF, and
/// every kind of bad input as exit 2.
@Suite struct ReportSLACommandTests {
    @Test func jsonReportStatesTheKnownFiguresToTheSecond() async throws {
        let fixture = try await SLAFixture.make()
        let made = try await fixture.report()
        #expect(made.status == 0, "\(made.output.stderr)")
        let (bundle, report) = try fixture.bundle(at: made.path)
        #expect(bundle.format == SLABundle.format && bundle.report.payloadType == "application/vnd.trustmonitor.sla+json")
        #expect(report.period.from == UTCSeconds.date(fixture.day) && report.period.to == UTCSeconds.date(fixture.day + 172_800))
        #expect(report.period.requestedTo == nil && !report.includeMaintenance)
        let figures = report.figures
        #expect(figures.periodSeconds == 172_800 && figures.beforeCreationSeconds == 0 && figures.monitoredSeconds == 172_800)
        #expect(figures.maintenanceSeconds == 7200 && figures.countedSeconds == 165_600)
        #expect(figures.downtimeSeconds == 1500 && figures.unobservedSeconds == 1800 && figures.observedSeconds == 163_800)
        #expect(figures.degradedSeconds == 1500)
        #expect(report.degradations.map(\.id) == ["deg_1"] && report.degradations.first?.ending == "recovered",
                "the periods behind the degraded time, with how each ended")
        #expect(figures.checksDue == 2760 && figures.checksRun == 2730)
        #expect(figures.uptimePercent == Double(163_800 - 1500) * 100 / 163_800)
        #expect(figures.strictUptimePercent == Double(165_600 - 1500 - 1800) * 100 / 165_600)
        #expect(figures.coveragePercent == 2730.0 * 100 / 2760)
        #expect(report.days.map(\.downSeconds) == [600, 900] && report.days.map(\.incidents) == [["inc_a"], ["inc_b"]])
        #expect(report.days.map(\.summarySeq) == [nil, nil])
        #expect(report.incidents.map(\.id) == ["inc_a", "inc_b"])
        #expect(report.incidents.map(\.secondsInPeriod) == [1200, 900], "maintenance included in an incident's own time")
        #expect(report.incidents.allSatisfy { $0.failure.code == "http_5xx" && $0.ledgerSeqs.count == 5 })
        #expect(report.maintenance.map(\.range) == [fixture.day + 3600..<fixture.day + 7200,
                                                    fixture.day + 158_400..<fixture.day + 162_000])
        #expect(report.definitions["unobserved_seconds"] != nil && report.definitions.count >= 15)
        #expect(Set(bundle.entries.map(\.seq)) == Set(report.incidents.flatMap(\.ledgerSeqs)))

        // Counting maintenance: incident A's other 600 s are down, and the windows' hours are due.
        let counted = try await fixture.report(extra: ["--include-maintenance"])
        let (_, all) = try fixture.bundle(at: counted.path)
        #expect(all.includeMaintenance && all.figures.downtimeSeconds == 2100 && all.figures.countedSeconds == 172_800)
        #expect(all.figures.checksDue == 2880 && all.figures.checksRun == 2850)
    }

    /// Once the days are summarized in the ledger, the report takes them from there: a window added afterwards
    /// for a summarized day changes nothing (and the report says the store now differs).
    @Test func summarizedDaysComeFromTheLedger() async throws {
        let fixture = try await SLAFixture.make()
        let configuration = try Configuration.load(path: fixture.config, environment: [:])
        let store = try await SQLiteStore.open(path: fixture.database)
        let service = DailySummaryService(store: store, sources: { SLASources(store: store, configuration: configuration) })
        // Ten minutes into today: yesterday has ended, and its grace too.
        let now = UTCSeconds.date(fixture.day + 3 * 86_400 + 600)
        let appended = try await service.summarize(now: now)
        #expect(appended == 4, "the day the monitor was made, the two days, and yesterday")
        #expect(try await service.summarize(now: now) == 0)
        _ = try await store.addMaintenanceWindow(
            MaintenanceWindow(name: "late", start: UTCSeconds.date(fixture.day + 36_000), duration: .seconds(3600)),
            by: "test", now: Date())
        try await store.close()

        let made = try await fixture.report()
        #expect(made.status == 0, "\(made.output.stderr)")
        let (bundle, report) = try fixture.bundle(at: made.path)
        #expect(report.days.allSatisfy { $0.summarySeq != nil })
        #expect(report.figures.downtimeSeconds == 1500 && report.figures.maintenanceSeconds == 7200)
        #expect(report.figures.checksDue == 2760 && report.figures.degradedSeconds == 1500)
        #expect(report.notes.contains { $0.contains("\(fixture.from): the store's history now gives other figures") })
        let summarySeqs = report.days.compactMap(\.summarySeq)
        #expect(Set(summarySeqs).isSubset(of: Set(bundle.entries.map(\.seq))))
        let verified = await run(["verify", "report", made.path])
        #expect(verified.status == 0, "\(verified.output.stdout)")
        #expect(verified.output.stdout.contains("days: 2 (2 from daily summaries in the ledger)"))
    }

    @Test func htmlAndPDFShowTheFigures() async throws {
        let fixture = try await SLAFixture.make()
        let made = try await fixture.report(format: "html")
        #expect(made.status == 0, "\(made.output.stderr)")
        let html = try String(contentsOfFile: made.path, encoding: .utf8)
        let json = try await fixture.report()
        let (bundle, report) = try fixture.bundle(at: json.path)
        for expected in ["SLA report: api", "inc_a", "inc_b", "25 min", "http_5xx", "How to verify", "unobserved_seconds",
                         SLAReportHTML.percent(report.figures.uptimePercent), "2730 of 2760 checks",
                         bundle.report.signatures[0].keyid, "trustmonitor verify report", "Degraded periods",
                         "<td>slow</td><td>recovered</td>"] {
            #expect(html.contains(expected), "the page lacks \(expected)")
        }
        #expect(SLAReportHTML.percent(report.figures.uptimePercent) == "99.084%")
        for external in ["<script", "<link", "src=", "url(", "@import"] {
            #expect(!html.contains(external), "the page is self-contained: \(external)")
        }
        guard PDFPrinterAvailable.path != nil else { return }
        let pdf = try await fixture.report(format: "pdf")
        #expect(pdf.status == 0, "\(pdf.output.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: pdf.path)).starts(with: Array("%PDF".utf8)))
    }

    @Test func badInputIsExitTwoWithOneLine() async throws {
        let fixture = try await SLAFixture.make()
        let base = ["report", "sla", "--config", fixture.config]
        let cases: [([String], String)] = [
            (["--monitor", "nope", "--from", fixture.from, "--to", fixture.to], "no monitor 'nope'"),
            (["--monitor", "api", "--from", fixture.to, "--to", fixture.from], "--to:"),
            (["--monitor", "api", "--from", "last week", "--to", fixture.to], "--from: 'last week' is not a date"),
            (["--monitor", "api", "--from", fixture.from, "--to", fixture.to, "--format", "docx"], "not one of json, html, pdf"),
            (["--monitor", "api", "--from", fixture.from, "--to", fixture.to, "--format", "pdf"], "needs --output"),
            (["--monitor", "api", "--from", "2999-01-01", "--to", "2999-02-01"], "not in the past"),
            (["--monitor", "api", "--from", fixture.from], "Missing expected argument"),
        ]
        for (arguments, message) in cases {
            let result = await run(base + arguments)
            #expect(result.status == 2, "\(arguments): \(result.output.stderr)")
            #expect(result.output.stderr.contains(message), "\(arguments): \(result.output.stderr)")
            #expect(result.output.stdout.isEmpty)
        }
        // A period reaching into the future is cut at now, and says so.
        let future = await run(base + ["--monitor", "api", "--from", fixture.from, "--to", "2999-12-31"])
        #expect(future.status == 0, "\(future.output.stderr)")
        #expect(future.output.stderr.contains("note: --to is in the future"))
        let report = try JSONCoding.decoder().decode(
            SLAReport.self, from: Data(try SLABundle(json: Data(future.output.stdout.utf8)).report.payload))
        #expect(report.period.requestedTo == UTCSeconds.date(UTCSeconds.dayStart("3000-01-01")!))
        #expect(report.notes.contains { $0.contains("after this report was made") })
    }
}

/// Whether the PDF test can run here: the browser `report sla --format pdf` would use.
enum PDFPrinterAvailable {
    static var path: String? {
        let configured = ProcessInfo.processInfo.environment["TRUSTMONITOR_CHROMIUM"] ?? "/usr/bin/chromium"
        return FileManager.default.isExecutableFile(atPath: configured) ? configured : nil
    }
}
