import Testing

@testable import supervisor

/// One run's health check as a value fed the time: due times, the threshold, the reset on a
/// success, readiness at the first success.
@Suite("HealthCheckState")
struct HealthCheckStateTests {
    static let timing = HealthCheck.Timing(interval: 10_000, timeout: 1_000, failureThreshold: 3, initialDelay: 2_000)
    static let ok = CheckResult(healthy: true, answer: "HTTP 200")
    static let bad = CheckResult(healthy: false, answer: "HTTP 503")

    @Test("the first check is due the initial delay after the run started; none while one is in flight")
    func firstDue() {
        var state = HealthCheckState(timing: Self.timing, instance: 0, decidesReadiness: true, runStartedAt: 100)
        #expect(!state.isDue(now: 2_099, ready: false))
        #expect(state.isDue(now: 2_100, ready: false))
        #expect(state.nextDeadline(ready: false) == 2_100)
        state.begin(now: 2_100, ready: false)
        #expect(!state.isDue(now: 50_000, ready: false))
        #expect(state.deadline == 3_100)
        #expect(state.nextDeadline(ready: false) == 3_100)
        #expect(!state.isOverdue(now: 3_099) && state.isOverdue(now: 3_100))
        #expect(state.summary == "pending")
    }

    @Test("before the run is ready, checks that decide readiness retry every min(interval, 0.5 s) and their failures do not count")
    func beforeReady() {
        var state = HealthCheckState(timing: Self.timing, instance: 0, decidesReadiness: true, runStartedAt: 0)
        for round in 0..<10 {
            let now = 2_000 + Milliseconds(round) * HealthCheckState.readinessInterval
            #expect(state.isDue(now: now, ready: false))
            state.begin(now: now, ready: false)
            #expect(state.record(Self.bad, ready: false) == .none)
        }
        #expect(state.failures == 0)
        #expect(state.summary == "failing")
        #expect(state.last == Self.bad)
        // A short interval is not stretched to the readiness interval.
        var quick = HealthCheckState(timing: HealthCheck.Timing(interval: 200), instance: 0, decidesReadiness: true, runStartedAt: 0)
        quick.begin(now: 0, ready: false)
        #expect(quick.nextDue == 200)
    }

    @Test("the first success is reported once; the next check is one interval after it started")
    func firstSuccess() {
        var state = HealthCheckState(timing: Self.timing, instance: 0, decidesReadiness: true, runStartedAt: 0)
        state.begin(now: 2_000, ready: false)
        #expect(state.record(Self.ok, ready: false) == .firstSuccess)
        #expect(state.nextDue == 12_000)
        #expect(state.summary == "ok")
        state.begin(now: 12_000, ready: true)
        #expect(state.nextDue == 22_000)
        #expect(state.record(Self.ok, ready: true) == .none)
    }

    @Test("once ready, failures count up to the threshold; a success resets the count")
    func threshold() {
        var state = HealthCheckState(timing: Self.timing, instance: 0, decidesReadiness: true, runStartedAt: 0)
        state.begin(now: 2_000, ready: false)
        _ = state.record(Self.ok, ready: false)
        state.begin(now: 12_000, ready: true)
        #expect(state.record(Self.bad, ready: true) == .failing(count: 1))
        state.begin(now: 22_000, ready: true)
        #expect(state.record(Self.bad, ready: true) == .failing(count: 2))
        #expect(state.summary == "failing 2/3")
        state.begin(now: 32_000, ready: true)
        #expect(state.record(Self.ok, ready: true) == .none)
        #expect(state.failures == 0 && state.summary == "ok")
        for (round, expected) in [HealthCheckState.Verdict.failing(count: 1), .failing(count: 2), .unhealthy(count: 3)].enumerated() {
            state.begin(now: 42_000 + Milliseconds(round) * 10_000, ready: true)
            #expect(state.record(Self.bad, ready: true) == expected)
        }
    }

    @Test("a timeout is a failure whose answer says how long it waited")
    func timeout() {
        var state = HealthCheckState(
            timing: HealthCheck.Timing(interval: 1_000, timeout: 1_000, failureThreshold: 1), instance: 0, decidesReadiness: false, runStartedAt: 0)
        // A run ready by other means (`--ready web=started`) is checked from the initial delay on.
        #expect(state.isDue(now: 0, ready: true))
        state.begin(now: 0, ready: true)
        #expect(state.timedOut(ready: true) == .unhealthy(count: 1))
        #expect(state.last == CheckResult(healthy: false, answer: "timed out after 1s"))
        #expect(state.since == nil && state.deadline == nil)
    }

    @Test("a check that does not decide readiness waits for the run to be ready by its own mode")
    func otherReadiness() {
        let state = HealthCheckState(timing: Self.timing, instance: 0, decidesReadiness: false, runStartedAt: 0)
        #expect(!state.isDue(now: 5_000, ready: false))
        #expect(state.nextDeadline(ready: false) == nil)
        #expect(state.isDue(now: 5_000, ready: true))
    }
}
