import Foundation

/// Stops a helper process for sure: SIGTERM, a grace period, then SIGKILL; polls instead of
/// `waitUntilExit()`, which spins a run loop off the main thread.
enum ProcessStopper {
    static func stop(_ process: Process, grace: Double = 2) {
        guard process.isRunning else { return }
        process.terminate()
        let deadline = Date().addingTimeInterval(grace)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        while process.isRunning { usleep(10_000) }
    }
}
