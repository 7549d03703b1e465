// swift-tools-version: 6.0
import PackageDescription

// The commit `supervisor --version` names (Sources/supervisor/Version.swift): the build scripts
// set FORMATION_COMMIT (scripts/lib/build.sh; the Dockerfile's build argument of that name), a
// plain `swift build` leaves it "unknown". Only CSupervisor's C files see it (a -D define), so a
// new commit recompiles them and relinks, nothing more.
let buildCommit: String = {
    let given = Context.environment["FORMATION_COMMIT"] ?? ""
    let kept = String(given.filter { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." }.prefix(64))
    return kept.isEmpty ? "unknown" : kept
}()

// The targets by layer, lowest first; each depends only on layers above it in this list.
//
//   C shims         CSupervisor    CJournald    CSystemd (libsystemd, dynamic: never the supervisor's)
//   pure libraries  Procfile       ControlProtocol    ExitCodes   (no Foundation, no packages, no I/O)
//   libraries       AtomicFiles     (files replaced whole by rename; Glibc only, no Foundation: the supervisor links it)
//                   SystemdDaemon   -> CSystemd (sd_notify, sd_listen_fds_with_names, watchdog)
//                   JournaldLogging -> CSystemd (sd_journal_sendv), CJournald (its socket probe), swift-log
//                   Shared          -> AsyncHTTPClient, Crypto, NIO, swift-log
//   app core        AppCore         -> Shared, GRDB
//   executables     supervisor      -> Procfile, ControlProtocol, ExitCodes, AtomicFiles, CSupervisor,
//                                      CJournald, ArgumentParser
//                   web             -> AppCore, Shared, ExitCodes, SystemdDaemon, Hummingbird, NIO,
//                                      ServiceLifecycle
//                   backup-job, provision -> AppCore, Shared, ExitCodes, SystemdDaemon, ArgumentParser
//                                      (backup-job also AtomicFiles)
//                   dashboard       -> ControlProtocol, ExitCodes, CSupervisor, Hummingbird,
//                                      ServiceLifecycle, ArgumentParser (the supervisor's `dashboard` execs it)
//   benchmarks      shared-benchmark (Benchmarks/) -> Shared; hello-ceiling -> Hummingbird
//   test support    PeerSupport    JournaldTestSupport    AppTestSupport -> PeerSupport, Shared
//   tests           one suite per target, plus StoreContractTests (both stores, one contract)
//                   and AppEndToEndTests (the built binaries under the supervisor)

let package = Package(
    name: "Formation",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "Procfile", targets: ["Procfile"]),
        .library(name: "JournaldLogging", targets: ["JournaldLogging"]),
        .library(name: "Shared", targets: ["Shared"]),
        .library(name: "AppCore", targets: ["AppCore"]),
        .executable(name: "supervisor", targets: ["supervisor"]),
        .executable(name: "web", targets: ["web"]),
        .executable(name: "backup-job", targets: ["backup-job"]),
        .executable(name: "provision", targets: ["provision"]),
        .executable(name: "dashboard", targets: ["dashboard"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        // MARK: C shims

        // The process-control layer: spawning with PDEATHSIG from one long-lived thread,
        // async-signal-safe signal handlers, the watchdog and the output writer thread.
        .target(name: "CSupervisor", cSettings: [.define("FM_BUILD_COMMIT", to: "\"\(buildCommit)\"")]),
        // journald's native protocol without libsystemd (the supervisor is linked statically);
        // a no-op stub off Linux.
        .target(name: "CJournald"),
        // libsystemd itself, linked dynamically, for the app processes only (through
        // SystemdDaemon and JournaldLogging): built with the static Swift runtime against the
        // system's glibc and libsystemd. The supervisor must never depend on it (nor on either
        // library above it): it is fully static and keeps its own protocol code.
        .target(name: "CSystemd", linkerSettings: [.linkedLibrary("systemd", .when(platforms: [.linux]))]),

        // MARK: Pure libraries

        // Pure parsing of Procfiles, .env files and formations: no I/O, no exits.
        .target(name: "Procfile"),
        // The control socket's protocol: JSON lines, requests and replies (pure; the supervisor
        // serves it, its client commands and the dashboard speak it).
        .target(name: "ControlProtocol", dependencies: ["JSONText"]),
        // The sysexits.h statuses every executable exits with (`SysExit`).
        .target(name: "ExitCodes"),
        // JSON string literals (`JSONString`): the one escaper the control protocol, the
        // supervisor's `check --json` and exports, and the apps' JSON log lines share.
        .target(name: "JSONText"),

        // MARK: Libraries

        // Files that hold secrets or data, replaced whole: a new temporary file beside the target
        // (O_CREAT|O_EXCL|O_NOFOLLOW, an unpredictable name), its mode set with fchmod, fsynced,
        // renamed over the target. Glibc only: the static supervisor's exports and backup-job's dumps.
        .target(name: "AtomicFiles"),

        // The app processes' side of systemd's protocols: sd_notify (READY, STATUS, STOPPING,
        // WATCHDOG), the sockets passed by socket activation or `supervisor --socket`, the watchdog.
        .target(name: "SystemdDaemon", dependencies: ["CSystemd"]),
        // A swift-log LogHandler writing to journald (sd_journal_sendv), for the formation's Swift processes.
        .target(
            name: "JournaldLogging",
            dependencies: ["CSystemd", "CJournald", .product(name: "Logging", package: "swift-log")]
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

        // MARK: App core

        // The reference app's core: the store protocol, the embedded SQLite store, the DynamoDB
        // adapter, the dynamic config and the reference item, shared by web, backup-job and provision.
        .target(
            name: "AppCore",
            dependencies: [
                "Shared",
                "JSONText",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // MARK: Executables

        .executableTarget(
            name: "supervisor",
            dependencies: [
                "Procfile",
                "ControlProtocol",
                "ExitCodes",
                "JSONText",
                "AtomicFiles",
                "CSupervisor",
                "CJournald",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "web",
            dependencies: [
                "AppCore",
                "Shared",
                "ExitCodes",
                "SystemdDaemon",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                // SIGHUP: re-read the dynamic config (`ConfigRefreshOnHangUp`).
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "backup-job",
            dependencies: [
                "AppCore",
                "Shared",
                "ExitCodes",
                "AtomicFiles",
                "SystemdDaemon",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "provision",
            dependencies: [
                "AppCore",
                "Shared",
                "ExitCodes",
                "SystemdDaemon",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // The live page of a running formation (`supervisor dashboard` execs it): Hummingbird,
        // through the control socket only, so that the supervisor stays small and static.
        .executableTarget(
            name: "dashboard",
            dependencies: [
                "ControlProtocol",
                "ExitCodes",
                // fm_unix_connect: the control socket's listener is checked before a request is sent.
                "CSupervisor",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ]
        ),

        // MARK: Benchmarks

        // Our side of Benchmarks/shared.sh (SigV4 signing and GetItem round trips beside
        // botocore and boto3). No product: `swift build --product shared-benchmark` builds it,
        // the image leaves it out.
        .executableTarget(
            name: "shared-benchmark",
            dependencies: ["Shared", .product(name: "AsyncHTTPClient", package: "async-http-client")],
            path: "Benchmarks/shared-benchmark"
        ),
        // The ceiling of Benchmarks/app/run.sh: a bare Hummingbird hello from the same dependency
        // as web (`swift build -c release --product hello-ceiling`). No product.
        .executableTarget(
            name: "hello-ceiling",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            path: "Benchmarks/hello-ceiling"
        ),

        // MARK: Test support

        // Where the tests find the pinned Python peers (requirements-peers.txt, in .build/peers),
        // and the seeded generator of the randomized tests.
        .target(name: "PeerSupport", path: "Tests/PeerSupport"),
        // A suite trait that starts a real systemd-journald for the suites that need one.
        .target(name: "JournaldTestSupport", path: "Tests/JournaldTestSupport"),
        // Helpers for the app's test targets: peer scripts and moto's server, DynamoDB clients of
        // it, item comparison, log capture, free ports, HTTP probes, workspaces.
        .target(
            name: "AppTestSupport",
            dependencies: [
                "PeerSupport",
                "Shared",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            path: "Tests/AppTestSupport",
            exclude: ["Peers"]
        ),

        // MARK: Tests

        .testTarget(name: "ProcfileTests", dependencies: ["Procfile"]),
        .testTarget(name: "ControlProtocolTests", dependencies: ["ControlProtocol"]),
        .testTarget(name: "JSONTextTests", dependencies: ["JSONText"]),
        .testTarget(name: "AtomicFilesTests", dependencies: ["AtomicFiles"]),
        // The dashboard's pure parts (token, forms, events, history) and its routes in process.
        .testTarget(
            name: "DashboardTests",
            dependencies: [
                "dashboard",
                "ControlProtocol",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
        .testTarget(
            name: "JournaldLoggingTests",
            // CJournald and CSystemd: the differential test of the supervisor's encoder against libsystemd's.
            dependencies: ["JournaldLogging", "JournaldTestSupport", "CJournald", "CSystemd", .product(name: "Logging", package: "swift-log")]
        ),
        .testTarget(
            name: "SharedTests",
            dependencies: [
                "Shared",
                "ExitCodes",
                "PeerSupport",
                "AppTestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            exclude: ["Peers"]
        ),
        .testTarget(name: "AppCoreTests", dependencies: ["AppCore", "AppTestSupport", "Shared", .product(name: "Logging", package: "swift-log")]),
        .testTarget(
            name: "StoreContractTests",
            dependencies: [
                "AppCore",
                "AppTestSupport",
                "Shared",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .testTarget(
            // Depends on dashboard so that `supervisor dashboard` finds it built beside supervisor
            // (the browser tests in Dashboard/: FreePort from AppTestSupport, WebDriver over AsyncHTTPClient).
            name: "SupervisorTests",
            dependencies: [
                "supervisor", "dashboard", "Procfile", "JSONText", "JournaldTestSupport", "PeerSupport", "AppTestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            exclude: ["Peers"]),
        .testTarget(
            name: "WebTests",
            dependencies: [
                "web",
                "SystemdDaemon",
                "AppCore",
                "AppTestSupport",
                "PeerSupport",
                "Shared",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // The walkthrough and shutdown tests run the built binaries; depending on them builds them.
        .testTarget(
            name: "AppEndToEndTests",
            dependencies: [
                "supervisor",
                "web",
                "backup-job",
                "provision",
                "AppCore",
                "AppTestSupport",
                "PeerSupport",
                "Shared",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            exclude: ["Peers"]
        ),
        // The production image: built with the Dockerfile from a locally made Debian base
        // (scripts/container-image.sh) and run in podman, each role as the exports run it.
        .testTarget(
            name: "ContainerTests",
            dependencies: [
                "AppTestSupport",
                "PeerSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
    ]
)
