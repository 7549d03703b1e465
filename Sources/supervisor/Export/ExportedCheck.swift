/// A type's health check as the engines take it: whole seconds (rounded up, at least 1 where
/// an engine needs it), and `supervisor probe` arguments for engines that have no client of
/// their own in the image (ECS's `healthCheck`, systemd's check unit). Pure.
struct ExportedCheck {
    let check: HealthCheck
    /// The instance's PORT where the check runs (a container's type port; `%i` in a systemd unit).
    let port: String

    /// Where the image keeps the supervisor (its ENTRYPOINT; see the Dockerfile).
    static let imageSupervisor = "/usr/local/bin/supervisor"
    /// How long `start` lets a run become ready by default (`--ready-timeout`), which the
    /// container's command does not change: before its first success a check's failures do not count.
    static let readyTimeoutSeconds = 60

    var periodSeconds: Int { Self.seconds(check.timing.interval, atLeast: 1) }
    var timeoutSeconds: Int { Self.seconds(check.timing.timeout, atLeast: 1) }
    var failureThreshold: Int { max(1, check.timing.failureThreshold) }
    var initialDelaySeconds: Int { Self.seconds(check.timing.initialDelay, atLeast: 0) }
    /// Before the first success `start` checks every half second (`HealthCheckState.readinessInterval`)
    /// and failures do not count until `readyTimeoutSeconds` have passed; 1 s is Kubernetes' least period.
    static let startupPeriodSeconds = 1
    /// Seconds from the start during which failures do not count: `start`'s ready timeout, or
    /// the initial delay and one check when that is longer.
    var startupSeconds: Int { max(Self.readyTimeoutSeconds, initialDelaySeconds + Self.startupPeriodSeconds) }
    /// Startup checks after the initial delay that fill `startupSeconds`.
    var startupFailureThreshold: Int { max(1, (startupSeconds - initialDelaySeconds) / Self.startupPeriodSeconds) }

    /// Whole seconds, rounded up.
    static func seconds(_ span: Milliseconds, atLeast minimum: Int) -> Int {
        max(minimum, Int((span + 999) / 1000))
    }

    /// `probe --port PORT --timeout SECONDS CHECK`: one check (ECS's `healthCheck`).
    var probeArguments: [String] {
        ["probe", "--port", port, "--timeout", SecondsText.of(check.timing.timeout), check.probe.description]
    }

    /// `probe --watch ...`: checks as `start` does until the check is unhealthy (systemd).
    var watchArguments: [String] {
        let timing = check.timing
        return [
            "probe", "--watch", "--port", port, "--interval", SecondsText.of(timing.interval), "--timeout", SecondsText.of(timing.timeout),
            "--failures", String(timing.failureThreshold), "--delay", SecondsText.of(timing.initialDelay), check.probe.description,
        ]
    }
}
