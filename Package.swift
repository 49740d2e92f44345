// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "Hangar",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "hangar", targets: ["hangar"])
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
    ],
    targets: [
        // Pure domain: types, state machines, rules. Foundation only.
        // Every message people read, in English, Russian and Kazakh; CLDR plurals; local
        // number formats. Foundation only.
        .target(name: "HangarLanguage"),
        .target(name: "HangarCore", dependencies: ["HangarLanguage"]),
        // SQLite through GRDB: migrations, the write path, queries, import/export, verify.
        .target(
            name: "HangarStore",
            dependencies: [
                "HangarCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                // SQLite's C interface, for text columns read in place (Records/ColumnText).
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                // Memory freed by the summaries' rebuild handed back before its last stage.
                "CHangarMemory",
            ]
        ),
        // Headquarters on PostgreSQL (DESIGN §12): the same HQ store as the SQLite file, through
        // postgres-nio.
        .target(
            name: "HangarHQPostgres",
            dependencies: [
                "HangarCore", "HangarStore", "CHangarMemory",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The throughput report: one pass over the log into a ThroughputReport, and its
        // text, JSON, CSV and HTML renderings.
        .target(
            name: "HangarReport",
            dependencies: [
                "HangarCore",
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "CSV", package: "CSV.swift"),
            ]
        ),
        // The C library's allocator asked to hand freed memory back (a national report makes
        // each workshop's part on a thread of its own).
        .target(name: "CHangarMemory"),
        // What the command line and the server share, below both: where a report comes from
        // (the summaries or one pass over the log) and sign-in secrets (bcrypt, tokens).
        .target(
            name: "HangarAccess",
            dependencies: [
                "HangarCore", "HangarStore", "HangarReport", "CHangarMemory",
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // The workshop server: pages for the bench, the dashboard, the JSON API, sign-in.
        .target(
            name: "HangarServer",
            dependencies: [
                "HangarCore", "HangarStore", "HangarReport", "HangarAccess",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["openapi.yaml", "SECURITY.md"]
        ),
        // The `hangar` subcommands.
        .target(
            name: "HangarCLI",
            dependencies: [
                "HangarCore", "HangarStore", "HangarReport", "HangarAccess", "HangarServer", "HangarHQPostgres",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The executable. `swift build -c release` makes a working binary as it is;
        // scripts/build-release makes the one Hangar ships, a single static executable.
        .executableTarget(name: "hangar", dependencies: ["HangarCLI"]),
        // Test helpers shared by the test targets (events written as flat fields).
        .target(name: "HangarTestSupport", dependencies: ["HangarCore"], path: "Tests/HangarTestSupport"),
        .testTarget(name: "HangarCoreTests", dependencies: ["HangarCore", "HangarLanguage", "HangarTestSupport"]),
        .testTarget(
            name: "HangarStoreTests",
            dependencies: ["HangarStore", "HangarCore", "HangarTestSupport", "HangarHQPostgres", "CHangarMemory", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .testTarget(name: "HangarReportTests", dependencies: ["HangarReport", "HangarCore", "HangarTestSupport"]),
        .testTarget(
            name: "HangarServerTests",
            dependencies: [
                "HangarServer", "HangarStore", "HangarCore", "HangarReport", "HangarAccess", "HangarTestSupport", "HangarHQPostgres",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(name: "HangarCLITests", dependencies: ["HangarCLI", "hangar", "HangarTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
