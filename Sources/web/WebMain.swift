import AppCore
import AsyncHTTPClient
import ExitCodes
import Foundation
import Logging
import NIOCore
import ServiceLifecycle
import Shared
import SystemdDaemon

/// The `web` process: the reference app's HTTP server on `0.0.0.0:$PORT`, or on the listening
/// socket it was given (`LISTEN_FDS`: socket activation, `supervisor --socket web`).
///
/// Reads its configuration from the environment (``FormationConfig``, `PORT`, `HOST`,
/// `ITEM_CACHE_TTL`, `STORE_MAX_INFLIGHT`, `LOG_LEVEL`), fetches the dynamic config once, then serves until SIGTERM or SIGINT, when it
/// stops accepting, finishes in-flight requests, closes the store and the HTTP client, and
/// exits 0. Tells the service manager `READY=1` once it serves, `STOPPING=1` when it begins to
/// stop, and `WATCHDOG=1` when a watchdog is asked for (`NOTIFY_SOCKET`, through libsystemd).
@main
struct WebMain {
    static func main() async {
        let environment = ProcessInfo.processInfo.environment
        let level = Logger.Level(rawValue: environment["LOG_LEVEL"]?.lowercased() ?? "info") ?? .info
        LoggingSystem.bootstrap { label in JSONLogHandler(label: label, level: level, writer: .standardOutput) }
        let logger = Logger(label: "web")
        // Every bad variable at once, one log line each, then EX_CONFIG.
        var collector = ConfigCollector()
        let settings = WebSettings.parse(AppEnvironment(environment), into: &collector)
        let parsed = FormationConfig.parse(AppEnvironment(environment), into: &collector)
        guard let settings, let config = parsed, collector.errors.isEmpty else {
            for error in collector.errors {
                logger.critical("bad configuration", metadata: ["error": "\(error)", "variable": "\(error.variable)"])
            }
            exit(SysExit.configuration)
        }
        let httpClient = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .aws)
        let status = await serve(settings: settings, config: config, environment: environment, httpClient: httpClient, logger: logger)
        do {
            try await httpClient.shutdown()
        } catch {
            logger.error("closing the HTTP client failed", metadata: ["error": "\(error)"])
        }
        logger.info("stopped", metadata: ["status": .stringConvertible(Int(status))])
        exit(status)
    }

    /// Opens the store and the dynamic config, runs the server until a shutdown signal, closes
    /// the store; returns the exit status.
    static func serve(settings: WebSettings, config: FormationConfig, environment: [String: String], httpClient: HTTPClient, logger: Logger) async -> Int32 {
        let connector = StoreConnector(config: config, environment: environment, httpClient: httpClient, logger: logger)
        let store: any ItemStore
        let dynamicConfig: DynamicConfig
        do {
            store = try connector.openStore()
        } catch {
            logger.critical("cannot open the store", metadata: ["error": "\(error)"])
            return SysExit.unavailable
        }
        do {
            dynamicConfig = try connector.dynamicConfig()
            let table = try await dynamicConfig.loadInitial()
            logger.info("configured", metadata: ["table": "\(table)", "store": "\(store.kind)"])
        } catch {
            logger.critical("cannot read the dynamic config", metadata: ["error": "\(error)"])
            await store.close()
            return SysExit.configuration
        }
        let passed: [ListenedSocket]
        do {
            passed = try ListenedSocket.inherited()
        } catch {
            logger.critical("\(error)")
            await store.close()
            return SysExit.configuration
        }
        let listener = WebListener.choose(passed: passed, settings: settings)
        let dependencies = AppDependencies(store: store, config: dynamicConfig, settings: settings)
        let server: any Service
        switch listener {
        case .inherited(let socket):
            server = buildInheritedSocketServer(descriptor: socket.descriptor, dependencies: dependencies, logger: logger) { address in
                ServingAnnouncement.announce(listener, address: address, logger: logger)
            }
        case .bound(let host, let port):
            let descriptor: Int32
            do {
                descriptor = try BoundSocket.bind(host: host, port: port)
            } catch {
                logger.critical("the server failed", metadata: ["error": "\(ServerFailure.describe(error, listener: listener))"])
                await store.close()
                return 1
            }
            server = buildInheritedSocketServer(descriptor: descriptor, dependencies: dependencies, logger: logger) { address in
                ServingAnnouncement.announce(listener, address: address, logger: logger)
            }
        }
        // Shut down in reverse: STOPPING=1 first, then the server drains, and the watchdog
        // keeps the manager informed until the end.
        let services: [any Service] = [
            WatchdogKeepAlive(interval: SystemdWatchdog.keepAliveInterval(), logger: logger),
            ConfigRefreshOnHangUp(config: dynamicConfig, logger: logger), server, StoppingNotice(),
        ]
        let group = ServiceGroup(configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        do {
            try await group.run()
        } catch {
            logger.critical("the server failed", metadata: ["error": "\(ServerFailure.describe(error, listener: listener))"])
            await store.close()
            return 1
        }
        await store.close()
        return 0
    }
}
