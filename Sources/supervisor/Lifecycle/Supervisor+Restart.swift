extension Supervisor {
    /// Applies the restart policy to a run that ended on its own.
    func exited(_ process: ManagedProcess, status: TerminationStatus, now: Int64) {
        guard phase.isRunning else { return }
        switch options.restart {
        case .never:
            stop(reason: .childExited(status), because: "\(process.name) \(status)", now: now)
        case .onFailure where status.isSuccess:
            process.finished = true
            process.consecutiveFailures = 0
            if processes.allSatisfy({ $0.finished }) {
                stop(reason: .allFinished, because: "every process finished", now: now)
            }
        case .onFailure, .always:
            let failures = options.backoff.failures(after: process.consecutiveFailures, runtimeMilliseconds: now - process.startedAt)
            process.consecutiveFailures = failures
            if !options.restartLimit.allowsStart(after: process.starts, now: now) {
                sink.event(.gaveUp(instance: process.name, limit: options.restartLimit, status: status))
                stop(reason: .gaveUp(status), because: "gave up on \(process.name)", now: now)
            } else {
                let delay = options.backoff.delay(afterConsecutiveFailures: failures)
                process.restartAt = now + Int64(delay)
                sink.event(.restarting(instance: process.name, delayMilliseconds: delay, attempt: failures + 1))
            }
        }
    }
}
