import Glibc
import Testing

@testable import supervisor

/// Health checks in the lifecycle, as tables of events and actions: readiness at the first
/// success, the failure threshold, timeouts, rolling restarts, dependencies, the stop.
@Suite("Lifecycle health checks")
struct HealthCheckLifecycleTests {
    static let ok = CheckResult(healthy: true, answer: "HTTP 200")
    static let refused = CheckResult(healthy: false, answer: "connect: Connection refused (ECONNREFUSED)")

    static func options(
        _ probe: HealthCheck.Probe = .http(path: "/"), timing: HealthCheck.Timing = HealthCheck.Timing(interval: 1_000, timeout: 1_000, failureThreshold: 2),
        restart: RestartPolicy = .always
    ) -> Lifecycle.Options {
        var options = Lifecycle.Options()
        options.policy.defaults.restart = restart
        options.policy.checkByType = ["web": probe]
        options.policy.checkTiming = timing
        options.readyTimeout = 10_000
        return options
    }

    static func request(_ group: pid_t, _ instance: Int, _ probe: HealthCheck.Probe = .http(path: "/")) -> LifecycleAction {
        .startCheck(CheckRequest(group: group, instance: instance, probe: probe, port: 5000 + instance))
    }

    /// A formation spawned at time 0 as pids 101, 102, …; returns the actions after the spawns.
    static func running(_ names: [String], options: Lifecycle.Options) -> (Lifecycle, [LifecycleAction]) {
        var lifecycle = Lifecycle(instances: LifecycleTests.instances(names), options: options)
        var pending = lifecycle.handle(.begin(now: 0))
        var rest: [LifecycleAction] = []
        while let action = pending.first {
            pending.removeFirst()
            if case .spawn(let index) = action {
                pending += lifecycle.handle(.spawned(instance: index, pid: pid_t(101 + index), now: 0))
            } else {
                rest.append(action)
            }
        }
        return (lifecycle, rest)
    }

    @Test("a type with a check and no --ready is ready at the check's first success; failures before it do not count")
    func readiness() {
        var (lifecycle, actions) = Self.running(["web.1", "worker.1"], options: Self.options())
        #expect(lifecycle.instances.map(\.readiness) == [.check, .started])
        #expect(actions.filter { if case .startCheck = $0 { return true } else { return false } } == [Self.request(101, 0)])
        #expect(lifecycle.instances[0].state == "starting")
        #expect(lifecycle.handle(.checked(group: 101, Self.refused, now: 5)) == [])
        #expect(lifecycle.checkSummary(0) == "failing")
        // Before it is ready, the next check comes after min(interval, 0.5 s).
        #expect(lifecycle.nextDeadline(now: 5) == HealthCheckState.readinessInterval)
        #expect(lifecycle.handle(.tick(now: 499, LifecycleTests.nothing)) == [])
        #expect(lifecycle.handle(.tick(now: 500, LifecycleTests.nothing)) == [Self.request(101, 0)])
        #expect(lifecycle.handle(.checked(group: 101, Self.ok, now: 520)) == [.report(.ready(instance: "web.1", pid: 101, afterMilliseconds: 520))])
        #expect(lifecycle.instances[0].state == "ready")
        #expect(lifecycle.checkSummary(0) == "ok")
        #expect(lifecycle.isFormationReady)
        // Then one interval after the check that succeeded started.
        #expect(lifecycle.nextDeadline(now: 520) == 1_500)
    }

    @Test("once ready, failureThreshold failures in a row (a timeout is one) stop the run with its stop signal; the restart policy applies")
    func liveness() {
        var (lifecycle, _) = Self.running(["web.1", "web.2"], options: Self.options())
        _ = lifecycle.handle(.checked(group: 101, Self.ok, now: 10))
        _ = lifecycle.handle(.checked(group: 102, Self.ok, now: 10))
        #expect(lifecycle.handle(.tick(now: 1_000, LifecycleTests.nothing)) == [Self.request(101, 0), Self.request(102, 1)])
        _ = lifecycle.handle(.checked(group: 102, Self.ok, now: 1_010))
        // web.1 does not answer: at its deadline the check is cancelled and counted.
        #expect(lifecycle.nextDeadline(now: 1_010) == 2_000)
        #expect(lifecycle.handle(.tick(now: 2_000, LifecycleTests.nothing)) == [
            .cancelCheck(group: 101), Self.request(101, 0), Self.request(102, 1),
        ])
        #expect(lifecycle.checkSummary(0) == "failing 1/2")
        _ = lifecycle.handle(.checked(group: 102, Self.ok, now: 2_010))
        // A late answer of the cancelled check would have been dropped; this one is the second failure.
        #expect(lifecycle.handle(.checked(group: 101, Self.refused, now: 2_020)) == [
            .report(.checkFailed(instance: "web.1", pid: 101, check: "http:/", failures: 2, last: Self.refused.answer, signal: SIGTERM)),
            .signalGroup(101, SIGTERM),
        ])
        #expect(lifecycle.instances[0].state == "stopping")
        #expect(lifecycle.instances[0].failedBecause == "health check http:/ failed 2 times in a row (last: \(Self.refused.answer))")
        // The stopping run is checked no more; its neighbour is.
        #expect(lifecycle.handle(.tick(now: 3_000, LifecycleTests.nothing)) == [Self.request(102, 1)])
        let exit = lifecycle.handle(.reaped([LifecycleTests.exit(101, .signaled(SIGTERM))], now: 3_100))
        #expect(exit.contains(.report(.restarting(instance: "web.1", delayMilliseconds: 500, attempt: 2))))
        #expect(lifecycle.isRunning)
        // The new run starts with a check of its own, from the start.
        _ = lifecycle.handle(.tick(now: 3_600, LifecycleTests.nothing))
        #expect(lifecycle.handle(.spawned(instance: 0, pid: 201, now: 3_600)).contains(Self.request(201, 0)))
        #expect(lifecycle.checkSummary(0) == "pending")
        #expect(lifecycle.instances[0].state == "starting")
    }

    @Test("the answer of a check that timed out comes too late and is dropped; a threshold of 1 stops at the first failure")
    func lateAnswer() {
        var (lifecycle, _) = Self.running(["web.1"], options: Self.options(.tcp, timing: HealthCheck.Timing(interval: 5_000, timeout: 1_000, failureThreshold: 1)))
        _ = lifecycle.handle(.checked(group: 101, Self.ok, now: 10))
        #expect(lifecycle.handle(.tick(now: 5_000, LifecycleTests.nothing)) == [Self.request(101, 0, .tcp)])
        #expect(lifecycle.handle(.tick(now: 6_000, LifecycleTests.nothing)) == [
            .cancelCheck(group: 101),
            .report(.checkFailed(instance: "web.1", pid: 101, check: "tcp", failures: 1, last: "timed out after 1s", signal: SIGTERM)),
            .signalGroup(101, SIGTERM),
        ])
        #expect(lifecycle.handle(.checked(group: 101, Self.ok, now: 6_010)) == [])
        #expect(lifecycle.instances[0].state == "stopping")
    }

    @Test("a rolling restart with --socket promotes the replacement at its first successful check")
    func promotion() {
        var options = Self.options(.exec(command: "true"))
        options.sharedSockets = ["web"]
        var (lifecycle, _) = Self.running(["web.1"], options: options)
        _ = lifecycle.handle(.checked(group: 101, Self.ok, now: 10))
        #expect(lifecycle.handle(.request(.restart([0]), now: 100)) == [.spawn(instance: 0)])
        #expect(lifecycle.handle(.spawned(instance: 0, pid: 201, now: 100)) == [
            .report(.spawned(instance: "web.1", pid: 201, port: 5000)), Self.request(201, 0, .exec(command: "true")),
        ])
        // Not yet: the old run keeps serving.
        #expect(lifecycle.handle(.checked(group: 201, CheckResult(healthy: false, answer: "exited with status 1"), now: 150)) == [])
        #expect(lifecycle.instances[0].pid == 101)
        _ = lifecycle.handle(.tick(now: 600, LifecycleTests.nothing))
        #expect(lifecycle.handle(.checked(group: 201, CheckResult(healthy: true, answer: "exited with status 0"), now: 620)) == [
            .signalGroup(101, SIGTERM),
            .report(.replaced(instance: "web.1", old: 101, new: 201, afterMilliseconds: 520, signal: SIGTERM)),
        ])
        #expect(lifecycle.instances[0].pid == 201 && lifecycle.instances[0].ready)
        // The draining run's check is gone; the new run's goes on as the instance's.
        #expect(lifecycle.checks.keys.sorted() == [201])
        #expect(lifecycle.checkSummary(0) == "ok")
    }

    @Test("--after worker=web:ready waits for web's first successful check")
    func dependency() {
        var options = Self.options()
        options.policy.afterByType = ["worker": [Dependency(type: "web", condition: .ready)]]
        var lifecycle = Lifecycle(instances: LifecycleTests.instances(["web.1", "worker.1"]), options: options)
        #expect(lifecycle.handle(.begin(now: 0)) == [.spawn(instance: 0)])
        let spawned = lifecycle.handle(.spawned(instance: 0, pid: 101, now: 0))
        #expect(spawned.contains(.report(.waiting(instance: "worker.1", dependencies: [Dependency(type: "web", condition: .ready)]))))
        #expect(!spawned.contains(.spawn(instance: 1)))
        #expect(lifecycle.handle(.checked(group: 101, Self.refused, now: 10)) == [])
        #expect(lifecycle.instances[1].state == "waiting")
        _ = lifecycle.handle(.tick(now: 500, LifecycleTests.nothing))
        #expect(lifecycle.handle(.checked(group: 101, Self.ok, now: 510)) == [
            .report(.ready(instance: "web.1", pid: 101, afterMilliseconds: 510)), .spawn(instance: 1),
        ])
    }

    @Test("an explicit --ready wins: web=started is ready at once and checked from the initial delay")
    func explicitReadiness() {
        var options = Self.options(timing: HealthCheck.Timing(interval: 1_000, timeout: 1_000, failureThreshold: 1, initialDelay: 3_000))
        options.readiness = ["web": .started]
        var (lifecycle, actions) = Self.running(["web.1"], options: options)
        #expect(lifecycle.instances[0].state == "running")
        #expect(!actions.contains(Self.request(101, 0)))
        #expect(lifecycle.nextDeadline(now: 0) == 3_000)
        #expect(lifecycle.handle(.tick(now: 3_000, LifecycleTests.nothing)) == [Self.request(101, 0)])
        #expect(lifecycle.handle(.checked(group: 101, Self.refused, now: 3_010)).contains(.signalGroup(101, SIGTERM)))
    }

    @Test("the formation's stop cancels the checks in flight and starts none")
    func stop() {
        var (lifecycle, _) = Self.running(["web.1", "web.2"], options: Self.options())
        let actions = lifecycle.handle(.signal(SIGTERM, now: 10))
        #expect(actions.contains(.cancelCheck(group: 101)) && actions.contains(.cancelCheck(group: 102)))
        #expect(lifecycle.checks.isEmpty)
        #expect(!lifecycle.handle(.tick(now: 2_000, LifecycleTests.nothing)).contains { if case .startCheck = $0 { return true } else { return false } })
    }

    @Test("the check-failed event: one line naming the check, the count and the last answer; its journald entry has an ID and fields of its own")
    func event() {
        let event = SupervisorEvent.checkFailed(instance: "web.1", pid: 123, check: "http:/", failures: 3, last: "timed out after 1s", signal: SIGTERM)
        #expect(event.message == "web.1: health check http:/ failed 3 times in a row (last: timed out after 1s); stopping pid 123 (SIGTERM)")
        #expect(event.isProblem && event.instance == "web.1")
        let once = SupervisorEvent.checkFailed(instance: "web.1", pid: 123, check: "tcp", failures: 1, last: "HTTP 503", signal: SIGQUIT)
        #expect(once.message == "web.1: health check tcp failed (last: HTTP 503); stopping pid 123 (SIGQUIT)")
        #expect(event.journalMessageID == JournalMessageID.checkFailed && event.journalEventName == "check-failed" && event.journalPriority == 4)
        let others: [SupervisorEvent] = [.notReady(instance: "web.1", pid: 1, reason: "r", signal: SIGTERM), .warning("w"), .ready(instance: "web.1", pid: 1, afterMilliseconds: 1)]
        #expect(!others.map(\.journalMessageID).contains(event.journalMessageID))
        let fields = Dictionary(event.journalFields, uniquingKeysWith: { first, _ in first })
        #expect(fields["CHECK"] == "http:/" && fields["CHECK_FAILURES"] == "3" && fields["CHECK_LAST"] == "timed out after 1s")
        #expect(fields["PROCESS_PID"] == "123" && fields["SIGNAL"] == "SIGTERM" && fields["PROCESS_TYPE"] == "web")
    }

    @Test("an HTTP answer's status line: 2xx and 3xx are healthy; anything else says what came")
    func statusLine() {
        func judge(_ text: String) -> CheckResult { CheckProbe.judge(answer: Array(text.utf8)) }
        #expect(judge("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n") == CheckResult(healthy: true, answer: "HTTP 200"))
        #expect(judge("HTTP/1.0 302 Found\r\n") == CheckResult(healthy: true, answer: "HTTP 302"))
        #expect(judge("HTTP/1.1 204\r\n") == CheckResult(healthy: true, answer: "HTTP 204"))
        #expect(judge("HTTP/1.1 503 Service Unavailable\r\n") == CheckResult(healthy: false, answer: "HTTP 503"))
        #expect(judge("HTTP/1.1 199 Odd\r\n").healthy == false)
        #expect(judge("") == CheckResult(healthy: false, answer: "the connection closed without an answer"))
        #expect(judge("SSH-2.0-OpenSSH\r\n") == CheckResult(healthy: false, answer: #"not an HTTP answer: "SSH-2.0-OpenSSH""#))
        #expect(judge("HTTP/1.1 2000 Big\r\n").healthy == false)
    }
}
