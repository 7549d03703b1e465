import Logging
import ServiceLifecycle
import SystemdDaemon

/// Sends `WATCHDOG=1` every `interval` (half the manager's `WATCHDOG_USEC`) until the very end:
/// it is the first service of web's group, so the last to stop, and keeps the manager from
/// taking a draining server for a hung one. Without a watchdog it only waits for the end.
struct WatchdogKeepAlive: Service {
    let interval: Duration?
    let logger: Logger

    func run() async throws {
        guard let interval else {
            try? await gracefulShutdown()
            return
        }
        logger.info("watchdog enabled", metadata: ["keep-alive every": "\(interval)"])
        try? await cancelWhenGracefulShutdown {
            while true {
                SystemdNotifier.notify(["WATCHDOG": "1"])
                try await Task.sleep(for: interval)
            }
        }
    }
}
