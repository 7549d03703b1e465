import ServiceLifecycle
import SystemdDaemon

/// Sends `STOPPING=1` the moment web's graceful shutdown begins: the last service of web's
/// group, so the first to hear of the shutdown, before the server starts draining.
struct StoppingNotice: Service {
    func run() async throws {
        do {
            try await gracefulShutdown()
        } catch {
            return  // cancelled: the process is going down without a graceful shutdown
        }
        SystemdNotifier.notify(["STOPPING": "1", "STATUS": "draining connections"])
    }
}
