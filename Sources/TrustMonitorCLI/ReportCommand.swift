import ArgumentParser
import Foundation
import TrustMonitorConfig
import TrustMonitorCore
import TrustMonitorLedger
import TrustMonitorServer
import TrustMonitorStore

/// `trustmonitor report ...`: reports made from the server's store, on the server's machine.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Make reports from the server's store.",
        subcommands: [ReportSLACommand.self]
    )
}

/// `trustmonitor report sla --monitor NAME --from DATE --to DATE`: a monitor's SLA report, signed and verifiable.
struct ReportSLACommand: OutputtingCommand {
    static let configuration = CommandConfiguration(
        commandName: "sla",
        abstract: "A monitor's SLA report for a period: JSON (signed, verifiable), HTML or PDF.",
        discussion: """
            Reads the store the config names (the server may be running) and signs with the report key in its data_dir.
            Check a JSON report anywhere with: trustmonitor verify report FILE
            Exit status: 0 when written, 1 when the store or keys fail, 2 for bad input.
            """
    )

    enum Format: String { case json, html, pdf }

    @Option(help: "The server's config file (for its storage, data_dir and maintenance windows).")
    var config = "trustmonitor.yaml"

    @Option(help: "The monitor's name (or id).")
    var monitor: String

    @Option(help: "The period's start: a date (2026-11-01, from its start) or an RFC 3339 time, UTC.")
    var from: String

    @Option(help: "The period's end: a date (2026-11-30, to its end: included) or an RFC 3339 time (excluded).")
    var to: String

    @Option(help: "json (a signed bundle), html (a page for people) or pdf (the page printed; needs Chromium).")
    var format = "json"

    @Option(help: "Write here instead of stdout (required for pdf).")
    var output: String?

    @Flag(help: "Count maintenance time like any other time (by default it is left out of the SLA).")
    var includeMaintenance = false

    func execute(output console: any CommandOutput) async -> ExitStatus {
        guard let format = Format(rawValue: format) else {
            console.err("error: --format: '\(format)' is not one of json, html, pdf")
            return .usage
        }
        if format == .pdf && output == nil {
            console.err("error: --format pdf needs --output FILE")
            return .usage
        }
        let now = Date()
        let period: SLAPeriodRequest.Resolved
        switch SLAPeriodRequest.resolve(from: from, to: to, now: now) {
        case .failure(let problem):
            console.err("error: --\(problem.parameter): \(problem.message)")
            return .usage
        case .success(let resolved): period = resolved
        }
        if period.requestedTo != nil {
            console.err("note: --to is in the future: the report covers up to now, \(RFC3339.format(UTCSeconds.date(period.range.upperBound)))")
        }
        let configuration: Configuration, keys: LedgerKeys
        do {
            configuration = try Configuration.load(path: config, environment: ProcessInfo.processInfo.environment)
            keys = try LedgerKeys.load(dataDir: configuration.server.dataDir)
        } catch {
            console.err("error: \(error)")
            return .usage
        }
        let made = await ConfiguredStore.withStore(config: config, output: console) { store -> (SLABundle, SLAReport)? in
            var found = try await store.monitor(name: monitor)
            if found == nil { found = try await store.monitor(id: monitor) }
            guard let record = found else { return nil }
            let maker = SLAReportMaker(sources: SLASources(store: store, configuration: configuration))
            return try await maker.bundle(monitor: record, period: period, includeMaintenance: includeMaintenance, now: now,
                                          checkpoints: CheckpointPublisher(store: store, signer: keys.log),
                                          reportSigner: keys.report)
        }
        switch made {
        case .failure(let status): return status
        case .success(nil):
            console.err("error: --monitor: no monitor '\(monitor)' in the store of \(config)")
            return .usage
        case .success(let (bundle, report)?):
            return await write(bundle: bundle, report: report, as: format, console: console)
        }
    }

    private func write(bundle: SLABundle, report: SLAReport, as format: Format, console: any CommandOutput) async -> ExitStatus {
        do {
            let html = { SLAReportHTML.render(report, digest: IncidentReport.digest(bundle.report.payload),
                                              keyID: bundle.report.signatures.first?.keyid ?? "") }
            switch format {
            case .json: return try emit(String(decoding: try bundle.jsonData(), as: UTF8.self), console: console)
            case .html: return try emit(html(), console: console)
            case .pdf:
                guard let output else { return .usage }
                switch await PDFPrinter.print(html: html(), to: output) {
                case nil: return .up
                case .missing?:
                    console.err("error: \(PDFPrinter.Problem.missing)")
                    return .usage
                case let problem?:
                    console.err("error: \(problem)")
                    return .down
                }
            }
        } catch {
            console.err("error: cannot write the report: \(error)")
            return .down
        }
    }

    private func emit(_ text: String, console: any CommandOutput) throws -> ExitStatus {
        guard let output else {
            console.out(text)
            return .up
        }
        try Data(text.utf8).write(to: URL(fileURLWithPath: output))
        return .up
    }
}
