/// One run's health check, as a value fed the time: when the next check is due, whether one is
/// in flight and until when, and what its answers mean (readiness at the first success, a
/// verdict after `failureThreshold` failures in a row). The lifecycle keeps one per checked run
/// (`Lifecycle.checks`); the runner only carries the checks out.
///
/// Timing: the first check is due `initialDelay` after the run started. Until the run is ready,
/// checks that decide its readiness (`--ready TYPE=check`) come every `min(interval, 0.5 s)` and
/// their failures do not count (`--ready-timeout` bounds that phase); once it is ready, a check
/// starts every `interval` after the previous one started (never two at once), and each failure
/// counts. A success resets the count.
struct HealthCheckState: Equatable, Sendable {
    /// What one answer means.
    enum Verdict: Equatable, Sendable {
        /// Nothing for the lifecycle to do (a success after the first, or a failure that does not count).
        case none
        /// The first success of the run: it is ready if its readiness is `check`.
        case firstSuccess
        /// A counted failure below the threshold.
        case failing(count: Int)
        /// `failureThreshold` counted failures in a row: the run is unhealthy.
        case unhealthy(count: Int)
    }

    /// Before its first success, how often a check that decides readiness runs (at most `interval`).
    static let readinessInterval: Milliseconds = 500

    let timing: HealthCheck.Timing
    /// The instance whose run (current or replacement) this is.
    let instance: Int
    /// The run's readiness is this check (`--ready TYPE=check`): it is checked before it is ready.
    let decidesReadiness: Bool
    /// When the next check may start.
    var nextDue: Milliseconds
    /// When the check in flight started; nil when none is.
    var since: Milliseconds?
    /// Some check of this run succeeded.
    var succeeded = false
    /// Counted failures in a row.
    var failures = 0
    /// The last answer or error (`HTTP 503`, `timed out after 1s`), and whether it was a success.
    var last: CheckResult?

    init(timing: HealthCheck.Timing, instance: Int, decidesReadiness: Bool, runStartedAt: Milliseconds) {
        self.timing = timing
        self.instance = instance
        self.decidesReadiness = decidesReadiness
        self.nextDue = runStartedAt + timing.initialDelay
    }

    /// The in-flight check's deadline.
    var deadline: Milliseconds? { since.map { $0 + timing.timeout } }

    /// Whether a check should start now, for a run that is (or is not yet) `ready`.
    func isDue(now: Milliseconds, ready: Bool) -> Bool {
        since == nil && (ready || decidesReadiness) && nextDue <= now
    }

    /// Whether the check in flight ran out of time.
    func isOverdue(now: Milliseconds) -> Bool {
        deadline.map { $0 <= now } ?? false
    }

    /// When the lifecycle next needs a tick for this check, or nil (a run not ready, checked only once it is).
    func nextDeadline(ready: Bool) -> Milliseconds? {
        if let deadline { return deadline }
        return ready || decidesReadiness ? nextDue : nil
    }

    /// A check starts at `now`.
    mutating func begin(now: Milliseconds, ready: Bool) {
        since = now
        nextDue = now + (ready ? timing.interval : min(timing.interval, Self.readinessInterval))
    }

    /// The check in flight ended with `result`; `ready`: the run was ready when it ended (only
    /// then does a failure count).
    mutating func record(_ result: CheckResult, ready: Bool) -> Verdict {
        let started = since ?? nextDue
        since = nil
        last = result
        if result.healthy {
            failures = 0
            guard !succeeded else { return .none }
            succeeded = true
            // The run is ready from now on: the next check is one interval after this one started.
            nextDue = started + timing.interval
            return .firstSuccess
        }
        guard ready else { return .none }
        failures += 1
        return failures >= timing.failureThreshold ? .unhealthy(count: failures) : .failing(count: failures)
    }

    /// The check in flight timed out at `now`: a failure with that as its answer.
    mutating func timedOut(ready: Bool) -> Verdict {
        record(CheckResult(healthy: false, answer: "timed out after \(SupervisorEvent.seconds(Int(timing.timeout)))"), ready: ready)
    }

    /// A word or two for `status`: `pending` (no answer yet), `ok`, `failing 2/3` (counted
    /// failures of the threshold), or `failing` (before the run is ready).
    var summary: String {
        guard let last else { return "pending" }
        if last.healthy { return "ok" }
        return failures > 0 ? "failing \(failures)/\(timing.failureThreshold)" : "failing"
    }
}
