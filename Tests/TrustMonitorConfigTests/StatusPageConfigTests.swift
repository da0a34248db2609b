import Testing
import TrustMonitorConfig

/// `status_page:`: a title and groups of configured monitors; mistakes are problems at their key.
@Suite struct StatusPageConfigTests {
    static let monitors = """
        monitors:
          - {name: api, url: "https://a.example/"}
          - {name: db, url: "tcp://db.example:5432"}
        """

    @Test func groupsAndTitleAreRead() throws {
        let config = try ConfigFixtures.parse(Self.monitors + """

            status_page:
              title: Acme status
              groups:
                - {name: API, monitors: [api]}
                - {name: Data, monitors: [db, api]}
            """)
        #expect(config.statusPage == StatusPageSettings(title: "Acme status", groups: [
            .init(name: "API", monitors: ["api"]), .init(name: "Data", monitors: ["db", "api"]),
        ]))
        #expect(try ConfigFixtures.parse(Self.monitors).statusPage == StatusPageSettings())
    }

    @Test(arguments: [
        ("status_page:\n  groups:\n    - {name: X, monitors: [ghost]}", "status_page.groups[0].monitors[0]", "ghost"),
        ("status_page:\n  groups:\n    - {monitors: [api]}", "status_page.groups[0].name", "name"),
        ("status_page:\n  title: \"  \"", "status_page.title", "empty"),
        ("status_page:\n  colour: red", "status_page.colour", "colour"),
    ])
    func mistakesAreProblemsAtTheirKey(yaml: String, path: String, words: String) {
        let problems = ConfigFixtures.problems(Self.monitors + "\n" + yaml)
        #expect(problems.contains { $0.path == path && $0.message.contains(words) },
                "expected a problem at \(path) mentioning '\(words)', got \(problems.map { "\($0.path): \($0.message)" })")
    }
}
