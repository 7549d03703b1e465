// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "Formation",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "Procfile", targets: ["Procfile"]),
        .library(name: "Shared", targets: ["Shared"]),
        .executable(name: "supervisor", targets: ["supervisor"]),
        .library(name: "JournaldLogging", targets: ["JournaldLogging"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    ],
    targets: [
        // Pure parsing of Procfiles, .env files and formations: no I/O, no exits.
        .target(name: "Procfile"),
        // The process-control layer: spawning with PDEATHSIG from one long-lived thread,
        // async-signal-safe signal handlers, the watchdog and the output writer thread.
        .target(name: "CSupervisor"),
        // journald's native protocol without libsystemd (the supervisor is linked statically);
        // a no-op stub off Linux.
        .target(name: "CJournald"),
        // A swift-log LogHandler writing to journald, for the formation's Swift processes.
        .target(
            name: "JournaldLogging",
            dependencies: ["CJournald", .product(name: "Logging", package: "swift-log")]
        ),
        .executableTarget(
            name: "supervisor",
            dependencies: [
                "Procfile",
                "CSupervisor",
                "CJournald",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Twelve-factor config, AWS credentials and SigV4, the DynamoDB client and dynamic config.
        .target(
            name: "Shared",
            dependencies: [
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .testTarget(name: "ProcfileTests", dependencies: ["Procfile"]),
        .testTarget(
            name: "SharedTests",
            dependencies: [
                "Shared",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            exclude: ["Peers"]
        ),
        .testTarget(name: "SupervisorTests", dependencies: ["supervisor", "Procfile"]),
        .testTarget(name: "JournaldLoggingTests", dependencies: ["JournaldLogging", .product(name: "Logging", package: "swift-log")]),
    ]
)
