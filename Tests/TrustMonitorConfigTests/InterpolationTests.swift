import Testing
import TrustMonitorConfig

/// `${VAR}`, `${VAR:-default}` and `$$` in values, applied after the YAML structure is parsed.
@Suite struct InterpolationTests {
    static func monitorURL(_ url: String, environment: [String: String]) throws(ConfigErrors) -> String {
        let yaml = """
            monitors:
              - name: m
                url: '\(url)'
            """
        let config = try ConfigFixtures.parse(yaml, environment: environment)
        return config.monitors[0].request.target.description
    }

    @Test(arguments: [
        ("http://${HOST}/", ["HOST": "a.example"], "http://a.example/"),
        ("http://${HOST:-b.example}/", [:], "http://b.example/"),
        ("http://${HOST:-b.example}/", ["HOST": ""], "http://b.example/"),
        ("http://${HOST:-b.example}/", ["HOST": "a.example"], "http://a.example/"),
        ("http://${HOST}:${PORT}/x", ["HOST": "a.example", "PORT": "81"], "http://a.example:81/x"),
        ("http://a.example/$$x", [:], "http://a.example/$x"),
        ("http://a.example/$x", [:], "http://a.example/$x"),
        ("http://a.example/$${HOST}", ["HOST": "ignored"], "http://a.example/${HOST}"),
    ])
    func expandsVariables(url: String, environment: [String: String], expected: String) throws {
        #expect(try Self.monitorURL(url, environment: environment) == expected)
    }

    @Test(arguments: [
        ("http://${HOST}/", "environment variable 'HOST' is not set"),
        ("http://${A}${B}/", "environment variables 'A', 'B' are not set"),
        ("http://${HOST/", "unterminated '${'"),
        ("http://${1X}/", "invalid variable name '1X'"),
    ])
    func reportsBadReferencesAtTheKey(url: String, fragment: String) throws {
        let problems = ConfigFixtures.problems("monitors:\n  - name: m\n    url: '\(url)'\n")
        let problem = try #require(problems.first)
        #expect(problems.count == 1)
        #expect(problem.path == "monitors[0].url")
        #expect(problem.line == 3)
        #expect(problem.message.contains(fragment))
    }

    @Test func valuesCannotInjectStructure() throws {
        let config = try ConfigFixtures.parse("""
            monitors:
              - name: m
                url: http://a.example/
                body: ${BODY}
            """, environment: ["BODY": "x\nalerts: [evil]\n  - name: injected"])
        #expect(config.monitors.count == 1)
        #expect(config.monitors[0].alerts.isEmpty)
        #expect(config.monitors[0].request.body == Array("x\nalerts: [evil]\n  - name: injected".utf8))
    }

    @Test func typedValuesAreInterpolatedBeforeTyping() throws {
        let config = try ConfigFixtures.parse("""
            monitors:
              - name: m
                url: http://a.example/
                interval: ${INTERVAL:-45s}
                retry: {attempts: "${ATTEMPTS}"}
                paused: ${PAUSED}
            """, environment: ["ATTEMPTS": "4", "PAUSED": "true"])
        #expect(config.monitors[0].interval == .seconds(45))
        #expect(config.monitors[0].request.retry.attempts == 4)
        #expect(config.monitors[0].paused)
    }
}
