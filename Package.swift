// swift-tools-version:6.1
import PackageDescription

/// Upcoming-feature flags every target uses: imports say what is public, existentials are spelled `any`.
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

/// SwiftNIO with TLS: what the prober and the test servers both build on.
let nioStack: [Target.Dependency] = [
    .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
    .product(name: "NIOCore", package: "swift-nio"),
    .product(name: "NIOPosix", package: "swift-nio"),
    .product(name: "NIOHTTP1", package: "swift-nio"),
    .product(name: "NIOSSL", package: "swift-nio-ssl"),
    .product(name: "Crypto", package: "swift-crypto"),
    .product(name: "X509", package: "swift-certificates"),
]

let package = Package(
    name: "TrustMonitor",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "trustmonitor", targets: ["trustmonitor"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.6.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
    ],
    targets: [
        // The pure domain: no I/O, clock and randomness injected.
        .target(
            name: "TrustMonitorCore",
            swiftSettings: strictSettings
        ),
        // One check of one target over SwiftNIO, with phase timings and named failures.
        .target(
            name: "TrustMonitorProbe",
            dependencies: [
                "TrustMonitorCore",
                .product(name: "NIOTLS", package: "swift-nio"),
            ] + nioStack,
            swiftSettings: strictSettings
        ),
        // The tamper-evident ledger's pure core: Merkle hashing and proofs, checkpoints, signed notes,
        // cosignatures, DSSE reports, tile encodings. No storage, no HTTP.
        .target(
            name: "TrustMonitorLedger",
            dependencies: ["TrustMonitorCore", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strictSettings
        ),
        // What the server and remote probe agents say to each other: plain Codable messages, the check as
        // it travels, and the signed observation. Shared by both sides so they cannot drift apart.
        .target(
            name: "TrustMonitorAgentProtocol",
            dependencies: ["TrustMonitorCore", "TrustMonitorLedger", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strictSettings
        ),
        // The remote probe: registers its key, leases checks, runs them with the prober, posts them signed.
        .target(
            name: "TrustMonitorAgent",
            dependencies: [
                "TrustMonitorCore", "TrustMonitorProbe", "TrustMonitorLedger", "TrustMonitorAgentProtocol",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        // SQLite from the system (libsqlite3-dev), used only by the SQLite store.
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        // The Store protocol and its backends: monitors, observations, incidents, rollups.
        .target(
            name: "TrustMonitorStore",
            dependencies: [
                "TrustMonitorCore", "TrustMonitorLedger", "CSQLite",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ] + nioStack,
            swiftSettings: strictSettings
        ),
        // The scheduler, the queue, the in-process probes and the verdicts: the running service.
        .target(
            name: "TrustMonitorEngine",
            dependencies: [
                "TrustMonitorCore", "TrustMonitorProbe", "TrustMonitorStore", "TrustMonitorAgentProtocol",
                .product(name: "HeapModule", package: "swift-collections"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSettings
        ),
        // The HTTP face: the JSON API, agent routes, status page, dashboard, badges and metrics, on Hummingbird 2.
        .target(
            name: "TrustMonitorServer",
            dependencies: [
                "TrustMonitorCore", "TrustMonitorStore", "TrustMonitorEngine", "TrustMonitorLedger",
                "TrustMonitorAgentProtocol", "TrustMonitorConfig",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            // The OpenAPI document is a file in the repository, compiled into the binary: one copy, nothing to install.
            resources: [.embedInCode("OpenAPI/openapi.json")],
            swiftSettings: strictSettings
        ),
        // The YAML configuration: parsed and validated once into typed values, with key paths and lines.
        .target(
            name: "TrustMonitorConfig",
            dependencies: ["TrustMonitorCore", .product(name: "Yams", package: "Yams")],
            swiftSettings: strictSettings
        ),
        // Alert delivery: renders one alert for each channel type (webhook, chat, paging services, email) and
        // sends it once, judging the receiver's answer as delivered, retry or failed. HTTP over URLSession,
        // SMTP over SwiftNIO with NIOSSL for STARTTLS.
        .target(
            name: "TrustMonitorAlerts",
            dependencies: [
                "TrustMonitorCore", "TrustMonitorConfig",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: strictSettings
        ),
        // Commands and their output; the executable only calls into this.
        .target(
            name: "TrustMonitorCLI",
            dependencies: [
                "TrustMonitorCore",
                "TrustMonitorProbe",
                "TrustMonitorConfig",
                "TrustMonitorStore",
                "TrustMonitorEngine",
                "TrustMonitorServer",
                "TrustMonitorAgent",
                "TrustMonitorAlerts",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "trustmonitor",
            dependencies: ["TrustMonitorCLI"],
            swiftSettings: strictSettings
        ),
        // Real servers for tests (HTTP, TLS with test-made certificates, DNS, misbehaving peers); used by
        // every test target through `@testable import` (debug builds enable testing for all targets).
        .target(
            name: "TrustMonitorTestSupport",
            dependencies: ["TrustMonitorCore", "TrustMonitorStore",
                           .product(name: "PostgresNIO", package: "postgres-nio"),
                           .product(name: "Logging", package: "swift-log")] + nioStack,
            path: "Tests/TrustMonitorTestSupport",
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "TrustMonitorCoreTests",
            dependencies: ["TrustMonitorCore"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "TrustMonitorProbeTests",
            dependencies: [
                "TrustMonitorCore",
                "TrustMonitorProbe",
                "TrustMonitorTestSupport",
            ] + nioStack,
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "TrustMonitorLedgerTests",
            dependencies: ["TrustMonitorLedger", "TrustMonitorCore", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "TrustMonitorStoreTests",
            dependencies: ["TrustMonitorStore", "TrustMonitorCore", "TrustMonitorLedger", "TrustMonitorTestSupport",
                           .product(name: "PostgresNIO", package: "postgres-nio"),
                           .product(name: "Logging", package: "swift-log")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "TrustMonitorConfigTests",
            dependencies: ["TrustMonitorConfig", "TrustMonitorCore"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "TrustMonitorEngineTests",
            dependencies: ["TrustMonitorEngine", "TrustMonitorStore", "TrustMonitorCore", "TrustMonitorProbe",
                           "TrustMonitorTestSupport", "TrustMonitorAgentProtocol",
                           .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                           .product(name: "Logging", package: "swift-log")] + nioStack,
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "TrustMonitorServerTests",
            dependencies: ["TrustMonitorServer", "TrustMonitorStore", "TrustMonitorCore", "TrustMonitorLedger",
                           "TrustMonitorEngine", "TrustMonitorAgentProtocol", "TrustMonitorTestSupport",
                           "TrustMonitorConfig", "TrustMonitorProbe", "TrustMonitorAlerts",
                           .product(name: "Hummingbird", package: "hummingbird"),
                           .product(name: "Logging", package: "swift-log"),
                           .product(name: "NIOConcurrencyHelpers", package: "swift-nio")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "TrustMonitorAgentTests",
            dependencies: ["TrustMonitorAgent", "TrustMonitorAgentProtocol", "TrustMonitorCore", "TrustMonitorLedger",
                           "TrustMonitorProbe", "TrustMonitorStore", "TrustMonitorEngine", "TrustMonitorServer",
                           "TrustMonitorCLI", "TrustMonitorTestSupport",
                           .product(name: "Hummingbird", package: "hummingbird"),
                           .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                           .product(name: "Logging", package: "swift-log")]
                + nioStack,
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "TrustMonitorAlertsTests",
            dependencies: ["TrustMonitorAlerts", "TrustMonitorConfig", "TrustMonitorCore", "TrustMonitorTestSupport"]
                + nioStack,
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "TrustMonitorCLITests",
            dependencies: ["TrustMonitorCLI", "TrustMonitorCore", "TrustMonitorStore", "TrustMonitorServer",
                           "TrustMonitorTestSupport", "TrustMonitorLedger", "TrustMonitorAgentProtocol",
                           .product(name: "Hummingbird", package: "hummingbird")]
                + nioStack,
            swiftSettings: strictSettings
        ),
    ]
)
