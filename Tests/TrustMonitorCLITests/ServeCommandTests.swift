import Foundation
import Testing
import TrustMonitorServer

/// `serve` refuses an invalid config before touching anything.
@Suite struct ServeCommandTests {
    @Test(arguments: [
        ("monitors:\n  - name: a\n    url: htp://x\n", "monitors[0].url"),
        ("monitors:\n  - name: a\n    url: http://x\n    intervall: 5s\n", "intervall"),
        ("monitors:\n  - name: a\n    url: http://x\n    conditions: ['[STAUS] == 200']\n", "[STAUS]"),
        ("monitors:\n  - {name: a, url: 'http://x', interval: 1s, timeout: 5s}\n", "interval"),
        ("monitors:\n  - {name: a, url: 'http://x'}\n  - {name: a, url: 'http://y'}\n", "duplicate"),
        ("monitors: [\n", "yaml"),
    ])
    func invalidConfigIsExitTwoAndChangesNothing(yaml: String, fragment: String) async throws {
        let directory = NSTemporaryDirectory() + "tm-serve-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/trustmonitor.yaml"
        let full = "server: {listen: 127.0.0.1:1, data_dir: \(directory)/data}\n" + yaml
        try full.write(toFile: path, atomically: true, encoding: .utf8)
        let result = await run(["serve", "--config", path])
        #expect(result.status == 2)
        #expect(result.output.stderr.lowercased().contains(fragment.lowercased()), "stderr: \(result.output.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory + "/data"), "nothing written")
    }

    @Test func missingConfigIsExitTwo() async {
        let result = await run(["serve", "--config", "/nonexistent/trustmonitor.yaml"])
        #expect(result.status == 2)
        #expect(result.output.stderr.contains("/nonexistent/trustmonitor.yaml"))
    }
}

/// `trustmonitor validate FILE`.
@Suite struct ValidateCommandTests {
    static var example: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("examples/trustmonitor.yaml").path
    }

    @Test func theShippedExampleIsValid() async {
        let result = await run(["validate", Self.example])
        #expect(result.status == 0, "stderr: \(result.output.stderr)")
        #expect(result.output.stdout.contains("OK (2 monitors"))
    }

    @Test func everyProblemIsListedWithItsLineAndExitTwo() async throws {
        let path = NSTemporaryDirectory() + "tm-validate-\(UUID().uuidString).yaml"
        try """
            monitors:
              - name: a
                url: htp://x
              - name: a
                url: http://x
                intervall: 5s
            """.write(toFile: path, atomically: true, encoding: .utf8)
        let result = await run(["validate", path])
        #expect(result.status == 2)
        let stderr = result.output.stderr
        #expect(stderr.contains(":3:"))
        #expect(stderr.contains("unsupported scheme 'htp'"))
        #expect(stderr.contains("duplicate monitor name 'a'"))
        #expect(stderr.contains("did you mean 'interval'?"))
        #expect(stderr.contains("3 problems"))
    }

    @Test func missingFileIsExitTwo() async {
        let result = await run(["validate", "/nonexistent/x.yaml"])
        #expect(result.status == 2)
        #expect(!result.output.stderr.isEmpty)
    }

    @Test func checkRejectsALineBreakInAHeaderValue() async {
        let result = await run(["check", "http://127.0.0.1:1/", "--header", "X-A: one\r\nX-B: two"])
        #expect(result.status == 2)
        #expect(result.output.stderr.contains("line break"))
    }
}

/// `trustmonitor keys show`.
@Suite struct KeysCommandTests {
    @Test func showsBothVkeysAndNeverCreatesKeys() async throws {
        let directory = NSTemporaryDirectory() + "tm-keys-cli-\(UUID().uuidString)"
        let missing = await run(["keys", "show", "--data-dir", directory])
        #expect(missing.status == 2)
        #expect(missing.output.stderr.contains("no key at"))
        #expect(!FileManager.default.fileExists(atPath: directory + "/log.skey"))

        let keys = try LedgerKeys.loadOrCreate(dataDir: directory, origin: "cli.example/trustmonitor/ledger")
        let shown = await run(["keys", "show", "--data-dir", directory])
        #expect(shown.status == 0)
        #expect(shown.output.stdout.contains("log     \(keys.log.verifierKey.vkey)"))
        #expect(shown.output.stdout.contains("report  \(keys.report.verifierKey.vkey)"))
        #expect(keys.log.verifierKey.vkey.hasPrefix("cli.example/trustmonitor/ledger+"))
    }
}
