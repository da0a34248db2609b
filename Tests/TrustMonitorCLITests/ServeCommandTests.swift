import Foundation
import Testing

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
