import Foundation
import Testing
import TrustMonitorConfig
import TrustMonitorCore

/// How problems are reported as a whole: all of them, in line order, in the compiler-like form; and
/// reading from a file.
@Suite struct ConfigReportTests {
    @Test func reportsEveryProblemInLineOrder() throws {
        let yaml = """
            server: {listen: nowhere}
            monitors:
              - name: a
                url: htp://x
                intervall: 30s
                retry: {attempts: 0, on: [bogus]}
                conditions: ["[STAUS] == 200"]
                headers: {"X Y": z}
                ca_file: /nonexistent/ca.pem
                paused: maybe
              - name: a
                url: http://ok.example/
                alerts: [pager]
            alerts:
              - {name: chat, type: slak}
            """
        let problems = ConfigFixtures.problems(yaml)
        #expect(problems.map(\.path) == [
            "server.listen", "monitors[0].url", "monitors[0].intervall", "monitors[0].retry.attempts",
            "monitors[0].retry.on[0]", "monitors[0].conditions[0]", "monitors[0].headers.X Y", "monitors[0].ca_file",
            "monitors[0].paused", "monitors[1].name", "monitors[1].alerts[0]", "alerts[0].type",
        ])
        #expect(problems.map(\.line) == [1, 4, 5, 6, 6, 7, 8, 9, 10, 11, 13, 15])
        #expect(problems.map(\.line) == problems.map(\.line).sorted())
    }

    @Test func descriptionIsFileLineColumnPathMessage() throws {
        let problems = ConfigFixtures.problems("monitors:\n  - name: m\n    url: htp://x\n")
        #expect(problems.map(\.description) == [
            "test.yaml:3:10: monitors[0].url: invalid URL 'htp://x': unsupported scheme 'htp' (use http, https or tcp)",
        ])
        #expect(ConfigErrors(problems: problems).summary == "1 problem")
    }

    /// The column of a bad condition points at the character where parsing failed, when the value is
    /// written as it reads; otherwise at the value.
    @Test(arguments: [
        ("    conditions: [\"[STATUS] == 200\", \"[STAUS] == 200\"]", "[STAUS] == 200", 38),
        ("    conditions: ['[STATUS] = 200']", "[STATUS] = 200", 19),
        ("    conditions:\n      - len([BODY]) = 0", "len([BODY]) = 0", 9),
        ("    conditions: [\"[STATUS] \\x3d 200\"]", nil, 18),
    ] as [(String, String?, Int)])
    func conditionProblemPointsAtTheCharacter(line: String, condition: String?, valueColumn: Int) throws {
        let problems = ConfigFixtures.problems("monitors:\n  - name: m\n    url: http://a.example/\n" + line + "\n")
        let problem = try #require(problems.first)
        var offset = 0
        if let condition {
            #expect(throws: ConditionParseError.self) { try Condition.parse(condition) }
            do { _ = try Condition.parse(condition) } catch { offset = error.position }
        }
        #expect(problem.column == valueColumn + offset, "\(problem)")
    }

    @Test func loadsARealFile() throws {
        let path = try ConfigFixtures.temporaryFile(named: "trustmonitor.yaml", contents: ConfigFixtures.minimal)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let config = try Configuration.load(path: path, environment: [:])
        #expect(config.monitors.map(\.name) == ["site"])
    }

    @Test func problemsInALoadedFileNameIt() throws {
        let path = try ConfigFixtures.temporaryFile(named: "bad.yaml", contents: "monitors:\n  - name: m\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect {
            try Configuration.load(path: path, environment: [:])
        } throws: { error in
            (error as? ConfigErrors)?.problems.map(\.description) == ["\(path):2:5: monitors[0].url: missing required key 'url'"]
        }
    }

    @Test(arguments: [
        ("/nonexistent/trustmonitor.yaml", "cannot read the configuration file: no such file"),
        (NSTemporaryDirectory(), "cannot read the configuration file: it is a directory"),
    ])
    func unreadableFileIsOneProblemWithoutALine(path: String, message: String) throws {
        do {
            _ = try Configuration.load(path: path, environment: [:])
            Issue.record("loaded \(path)")
        } catch {
            #expect(error.problems == [ConfigProblem(file: path, line: 0, column: 0, path: "", message: message)])
            #expect(error.description == "\(path): \(message)")
        }
    }
}
