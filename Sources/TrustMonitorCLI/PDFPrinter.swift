import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Prints an HTML page to PDF with a headless Chromium (Debian's `chromium`), the browser the page was written for:
/// what a person sees is what the PDF holds.
enum PDFPrinter {
    enum Problem: Error, CustomStringConvertible {
        /// No browser to print with: which package to install.
        case missing
        case failed(String)

        var description: String {
            switch self {
            case .missing:
                "PDF output needs Chromium: install Debian's 'chromium' package (apt-get install chromium), or set "
                    + "TRUSTMONITOR_CHROMIUM to a Chromium or Chrome binary"
            case .failed(let reason): "Chromium did not print the PDF: \(reason)"
            }
        }
    }

    /// `TRUSTMONITOR_CHROMIUM`, or the first of the usual names on PATH.
    static func browser() -> String? {
        let environment = ProcessInfo.processInfo.environment
        if let configured = environment["TRUSTMONITOR_CHROMIUM"], !configured.isEmpty {
            return FileManager.default.isExecutableFile(atPath: configured) ? configured : nil
        }
        let directories = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init)
        for name in ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"] {
            for directory in directories where FileManager.default.isExecutableFile(atPath: directory + "/" + name) {
                return directory + "/" + name
            }
        }
        return nil
    }

    /// Writes the PDF of `html` to `path`; nil when it did.
    static func print(html: String, to path: String, timeout: Duration = .seconds(120)) async -> Problem? {
        guard let browser = browser() else { return .missing }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tm-pdf-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let page = directory.appendingPathComponent("report.html"), pdf = directory.appendingPathComponent("report.pdf")
            try Data(html.utf8).write(to: page)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: browser)
            // Root cannot use Chromium's sandbox; the page is our own, with no script and nothing external.
            process.arguments = ["--headless", "--disable-gpu", "--no-pdf-header-footer", "--no-first-run",
                                 "--user-data-dir=\(directory.path)/profile", "--print-to-pdf=\(pdf.path)", page.absoluteString]
                + (getuid() == 0 ? ["--no-sandbox"] : [])
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            process.standardInput = FileHandle.nullDevice
            try process.run()
            let clock = ContinuousClock(), end = clock.now + timeout
            while process.isRunning && clock.now < end { try? await Task.sleep(for: .milliseconds(100)) }
            if process.isRunning {
                process.terminate()
                process.waitUntilExit()
                return .failed("it did not finish within \(timeout)")
            }
            guard let bytes = try? Data(contentsOf: pdf), bytes.starts(with: Array("%PDF".utf8)) else {
                return .failed("it exited with status \(process.terminationStatus) and wrote no PDF")
            }
            try bytes.write(to: URL(fileURLWithPath: path))
            return nil
        } catch {
            return .failed("\(error)")
        }
    }
}
