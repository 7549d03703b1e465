import Logging
import SystemdDaemon

/// What `web` says once it serves: one log line naming the socket, and `READY=1` with a
/// `STATUS=` to the service manager (sent only now, so that a manager waiting for READY never
/// routes traffic to a port nobody accepts on).
enum ServingAnnouncement {
    static func announce(_ listener: WebListener, address: String, logger: Logger) {
        switch listener {
        case .inherited(let socket):
            logger.info("serving on an inherited socket", metadata: [
                "address": "\(address)", "fd": "\(socket.descriptor)", "name": "\(socket.name)",
            ])
        case .bound:
            logger.info("serving on a bound socket", metadata: ["address": "\(address)"])
        }
        let outcome = SystemdNotifier.notify(["READY": "1", "STATUS": "serving on \(address) (\(listener.origin))"])
        if case .failed(let errno) = outcome {
            logger.warning("telling the service manager READY=1 failed", metadata: ["errno": "\(errno)", "NOTIFY_SOCKET": "set but unusable"])
        }
    }
}
