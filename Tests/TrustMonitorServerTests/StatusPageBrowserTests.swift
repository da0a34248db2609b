import Foundation
import Testing
import TrustMonitorStore

/// The status page as a browser sees it: Debian's headless Chromium loads it from the running server, and what it
/// parsed (its DOM) and drew (a screenshot at phone and desktop widths) is checked. Screenshots are kept in
/// `.build/screenshots/` for a person to look at.
@Suite(.serialized) struct StatusPageBrowserTests {
    /// `TRUSTMONITOR_CHROMIUM`, or Debian's `/usr/bin/chromium` (scripts/test installs it): without it this test
    /// fails, saying so, and never skips.
    static func chromium() throws -> String {
        let path = ProcessInfo.processInfo.environment["TRUSTMONITOR_CHROMIUM"] ?? "/usr/bin/chromium"
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw BrowserMissing(description: "no Chromium at \(path): run scripts/test (it installs Debian's chromium) "
                                 + "or set TRUSTMONITOR_CHROMIUM")
        }
        return path
    }

    struct BrowserMissing: Error, CustomStringConvertible { let description: String }

    /// Runs headless Chromium on `url` with `arguments`; its standard output. The output goes to a file, not a
    /// pipe (Chromium's helper processes may hold a pipe open after the browser exits), and a browser that has
    /// not finished within a minute is killed and the test fails.
    static func browse(_ url: String, _ arguments: [String]) async throws -> String {
        let output = NSTemporaryDirectory() + "tm-chromium-out-\(UUID().uuidString)"
        try #require(FileManager.default.createFile(atPath: output, contents: nil), "cannot write \(output)")
        defer { try? FileManager.default.removeItem(atPath: output) }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
        defer { try? handle.close() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try chromium())
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                             "--user-data-dir=\(NSTemporaryDirectory())tm-chromium-\(UUID().uuidString)"] + arguments + [url]
        process.standardOutput = handle
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = ContinuousClock.now + .seconds(60)
        while process.isRunning && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
        if process.isRunning {
            process.terminate()
            throw BrowserMissing(description: "Chromium did not finish within 60 s on \(url)")
        }
        return try String(contentsOfFile: output, encoding: .utf8)
    }

    /// Width and height from a PNG's IHDR chunk.
    static func pngSize(_ path: String) throws -> (width: Int, height: Int) {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        try #require(bytes.count > 24 && bytes[1...3] == [0x50, 0x4E, 0x47][...], "not a PNG: \(path)")
        func number(_ at: Int) -> Int { bytes[at..<at + 4].reduce(0) { $0 << 8 | Int($1) } }
        return (number(16), number(20))
    }

    @Test func chromiumShowsTheStatusPageOnAPhoneAndADesktop() async throws {
        let seeded = try await APIRoutesTests.seed()
        let screenshots = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/screenshots")
        try FileManager.default.createDirectory(at: screenshots, withIntermediateDirectories: true)
        try await APIRoutesTests.withServer(seeded.store) { base in
            let dom = try await Self.browse(base + "/status", ["--dump-dom"])
            #expect(dom.contains("api is down"), "the banner, as parsed: \(dom.prefix(400))")
            #expect(dom.contains("Confirmed by:"))
            #expect(dom.contains(#"href="/status/incidents/inc_test/bundle""#))
            // 90 bars for the one monitor, each with its day's text.
            #expect(dom.components(separatedBy: "<rect").count - 1 == 90)
            for (name, width, height) in [("status-phone", 390, 844), ("status-desktop", 1280, 900)] {
                let file = screenshots.appendingPathComponent("\(name).png").path
                try? FileManager.default.removeItem(atPath: file)
                _ = try await Self.browse(base + "/status", ["--screenshot=\(file)", "--window-size=\(width),\(height)"])
                let size = try Self.pngSize(file)
                #expect(size.width == width && size.height == height, "\(name): \(size)")
            }
        }
        try await seeded.store.close()
    }
}
