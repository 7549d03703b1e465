import Glibc
import Testing

@testable import supervisor

/// Readiness, watchdogs and rolling restarts as tables of events and actions (see `LifecycleTests`).
@Suite("Lifecycle readiness")
struct LifecycleReadinessTests {
    static func options(_ readiness: Readiness, socket: Bool = false, restart: RestartPolicy = .never) -> Lifecycle.Options {
        var options = Lifecycle.Options()
        options.readiness = ["web": readiness]
        options.readyTimeout = 1000
        options.policy.defaults.restart = restart
        if socket { options.sharedSockets = ["web"] }
        return options
    }

    static let ready = NotifyMessage(ready: true)

    @Test("a notify instance is starting until READY=1 from its group, then ready; the formation is ready when all are")
    func notifyReady() {
        var lifecycle = LifecycleTests.running(["web.1", "web.2"], options: Self.options(.notify))
        #expect(lifecycle.instances.map(\.state) == ["starting", "starting"])
        #expect(!lifecycle.isFormationReady)
        #expect(lifecycle.nextDeadline(now: 0) == 1000)
        #expect(lifecycle.handle(.notify(group: 101, NotifyMessage(ready: true, status: "warming up"), now: 40)) == [
            .report(.ready(instance: "web.1", pid: 101, afterMilliseconds: 40)),
        ])
        #expect(lifecycle.instances[0].statusText == "warming up")
        // Another group's message, or one from nobody we know, changes nothing.
        #expect(lifecycle.handle(.notify(group: 999, Self.ready, now: 41)) == [])
        #expect(!lifecycle.isFormationReady)
        _ = lifecycle.handle(.notify(group: 102, Self.ready, now: 50))
        #expect(lifecycle.instances.map(\.state) == ["ready", "ready"])
        #expect(lifecycle.isFormationReady)
        #expect(lifecycle.nextDeadline(now: 60) == nil)
    }

    @Test("not ready within --ready-timeout: SIGTERM, and the exit goes to the restart policy (never: the formation stops)")
    func readyTimeout() {
        var lifecycle = LifecycleTests.running(["web.1"], options: Self.options(.notify))
        #expect(lifecycle.handle(.tick(now: 999, LifecycleTests.nothing)) == [])
        #expect(lifecycle.handle(.tick(now: 1000, LifecycleTests.nothing)) == [
            .report(.notReady(instance: "web.1", pid: 101, reason: "not ready after 1s (--ready-timeout)", signal: SIGTERM)),
            .signalGroup(101, SIGTERM),
        ])
        #expect(lifecycle.instances[0].state == "stopping")
        let actions = lifecycle.handle(.reaped([LifecycleTests.exit(101, .signaled(SIGTERM))], now: 1010))
        #expect(actions.contains(.report(.exited(instance: "web.1", pid: 101, status: .signaled(SIGTERM), duringStop: false))))
        #expect(actions.contains(.report(.stopping(reason: "web.1 was killed by SIGTERM (status 143)", signal: SIGTERM, processes: 0, gracePeriodMilliseconds: 5000))))
    }

    @Test("a port instance is ready when its port answers; with --restart always a timeout restarts it")
    func portReadyAndRestart() {
        var lifecycle = LifecycleTests.running(["web.1"], options: Self.options(.port, restart: .always))
        #expect(lifecycle.portProbes.map(\.port) == [5000])
        #expect(lifecycle.nextDeadline(now: 10) == 10 + Lifecycle.portProbeInterval)
        _ = lifecycle.handle(.tick(now: 1000, LifecycleTests.nothing))
        let actions = lifecycle.handle(.reaped([LifecycleTests.exit(101, .signaled(SIGTERM))], now: 1010))
        #expect(actions.contains(.report(.restarting(instance: "web.1", delayMilliseconds: 500, attempt: 2))))
        _ = lifecycle.handle(.tick(now: 1510, LifecycleTests.nothing))
        _ = lifecycle.handle(.spawned(instance: 0, pid: 201, now: 1510))
        #expect(lifecycle.handle(.portOpen(group: 201, now: 1530)) == [.report(.ready(instance: "web.1", pid: 201, afterMilliseconds: 20))])
        #expect(lifecycle.portProbes.isEmpty)
    }

    @Test("the watchdog: WATCHDOG_USEC arms it, WATCHDOG=1 feeds it, a missed keep-alive gets SIGABRT")
    func watchdog() {
        var lifecycle = LifecycleTests.running(["web.1"], options: Self.options(.notify, restart: .always))
        _ = lifecycle.handle(.notify(group: 101, NotifyMessage(ready: true, watchdogMicroseconds: 100_000), now: 0))
        #expect(lifecycle.nextDeadline(now: 0) == 100)
        _ = lifecycle.handle(.notify(group: 101, NotifyMessage(watchdogPing: true), now: 80))
        #expect(lifecycle.handle(.tick(now: 150, LifecycleTests.nothing)) == [])
        #expect(lifecycle.handle(.tick(now: 180, LifecycleTests.nothing)) == [
            .report(.notReady(instance: "web.1", pid: 101, reason: "no watchdog keep-alive for 0.1s (WATCHDOG_USEC)", signal: SIGABRT)),
            .signalGroup(101, SIGABRT),
        ])
        let actions = lifecycle.handle(.reaped([LifecycleTests.exit(101, .signaled(SIGABRT))], now: 190))
        #expect(actions.contains(.report(.restarting(instance: "web.1", delayMilliseconds: 500, attempt: 2))))
    }

    @Test("without a shared socket a restart of notify instances goes one at a time, each waiting to be ready")
    func rollingWithoutSocket() {
        var lifecycle = LifecycleTests.running(["web.1", "web.2"], options: Self.options(.notify))
        _ = lifecycle.handle(.notify(group: 101, Self.ready, now: 1))
        _ = lifecycle.handle(.notify(group: 102, Self.ready, now: 1))
        #expect(lifecycle.handle(.request(.restart([0, 1]), now: 10)) == [.signalGroup(101, SIGTERM)])
        #expect(lifecycle.handle(.reaped([LifecycleTests.exit(101, .signaled(SIGTERM))], now: 20)).last == .spawn(instance: 0))
        // web.2 waits until the new web.1 is ready.
        #expect(lifecycle.handle(.spawned(instance: 0, pid: 201, now: 20)) == [.report(.spawned(instance: "web.1", pid: 201, port: 5000))])
        #expect(lifecycle.handle(.notify(group: 201, Self.ready, now: 70)) == [
            .report(.ready(instance: "web.1", pid: 201, afterMilliseconds: 50)),
            .signalGroup(102, SIGTERM),
        ])
    }

    @Test("with a shared socket the replacement starts first, takes over when ready, and the old run drains")
    func surge() {
        var lifecycle = LifecycleTests.running(["web.1", "web.2"], options: Self.options(.notify, socket: true))
        _ = lifecycle.handle(.notify(group: 101, Self.ready, now: 1))
        _ = lifecycle.handle(.notify(group: 102, Self.ready, now: 1))
        #expect(lifecycle.handle(.request(.restart([0, 1]), now: 10)) == [.spawn(instance: 0)])
        #expect(lifecycle.handle(.spawned(instance: 0, pid: 201, now: 10)) == [.report(.spawned(instance: "web.1", pid: 201, port: 5000))])
        #expect(lifecycle.instances[0].pid == 101)
        #expect(lifecycle.leaders == [101, 102, 201])
        #expect(lifecycle.isFormationReady)
        #expect(lifecycle.handle(.notify(group: 201, Self.ready, now: 60)) == [
            .signalGroup(101, SIGTERM),
            .report(.replaced(instance: "web.1", old: 101, new: 201, afterMilliseconds: 50, signal: SIGTERM)),
            .spawn(instance: 1),
        ])
        #expect(lifecycle.instances[0].pid == 201)
        #expect(lifecycle.instances[0].state == "ready")
        #expect(lifecycle.instances[0].restarts == 1)
        #expect(lifecycle.handle(.reaped([LifecycleTests.exit(101, .exited(0))], now: 70)) == [
            .forgetGroup(101), .report(.exited(instance: "web.1", pid: 101, status: .exited(0), duringStop: true)),
        ])
        #expect(lifecycle.draining.map(\.pgid) == [])
        // A draining run that does not end gets SIGKILL after the grace period.
        _ = lifecycle.handle(.spawned(instance: 1, pid: 202, now: 80))
        _ = lifecycle.handle(.notify(group: 202, Self.ready, now: 90))
        #expect(lifecycle.handle(.tick(now: 5090, LifecycleTests.nothing)) == [
            .report(.killing(instance: "web.2", pid: 102, afterMilliseconds: 5000)), .signalGroup(102, SIGKILL),
        ])
    }

    @Test("a replacement that exits or is not ready in time aborts the roll; the old runs keep serving")
    func surgeAborted() {
        var lifecycle = LifecycleTests.running(["web.1", "web.2"], options: Self.options(.notify, socket: true))
        _ = lifecycle.handle(.notify(group: 101, Self.ready, now: 1))
        _ = lifecycle.handle(.notify(group: 102, Self.ready, now: 1))
        _ = lifecycle.handle(.request(.restart([0, 1]), now: 10))
        _ = lifecycle.handle(.spawned(instance: 0, pid: 201, now: 10))
        #expect(lifecycle.handle(.reaped([LifecycleTests.exit(201, .exited(3))], now: 30)) == [
            .forgetGroup(201),
            .report(.exited(instance: "web.1", pid: 201, status: .exited(3), duringStop: false)),
            .report(.rollAborted(instance: "web.1", reason: "the new run exited with status 3 before it was ready", skipped: ["web.2"])),
        ])
        #expect(lifecycle.instances.map(\.pid) == [101, 102])
        #expect(lifecycle.isRunning)
        // Again, and this time the replacement never says READY=1.
        _ = lifecycle.handle(.request(.restart([0]), now: 100))
        _ = lifecycle.handle(.spawned(instance: 0, pid: 301, now: 100))
        #expect(lifecycle.handle(.tick(now: 1100, LifecycleTests.nothing)) == [
            .signalGroup(301, SIGTERM),
            .report(.rollAborted(instance: "web.1", reason: "the new run was not ready after 1s (--ready-timeout)", skipped: [])),
        ])
        #expect(lifecycle.instances[0].pid == 101)
        #expect(lifecycle.leaders.contains(301))
    }

    @Test("stopping the formation mid-roll stops the old run, the replacement and the draining ones, and waits for all")
    func stopDuringSurge() {
        var lifecycle = LifecycleTests.running(["web.1", "web.2"], options: Self.options(.started, socket: true))
        _ = lifecycle.handle(.request(.restart([0, 1]), now: 10))
        // `started`: the replacement takes over at once; web.2's replacement is then spawned.
        _ = lifecycle.handle(.spawned(instance: 0, pid: 201, now: 10))
        let stop = lifecycle.handle(.signal(SIGTERM, now: 20))
        #expect(stop.filter { if case .signalGroup = $0 { return true } else { return false } }.count == 3)
        _ = lifecycle.handle(.reaped([LifecycleTests.exit(201, .exited(0)), LifecycleTests.exit(102, .exited(0))], now: 30))
        #expect(lifecycle.handle(.tick(now: 31, LifecycleTests.nothing)) == [])
        _ = lifecycle.handle(.reaped([LifecycleTests.exit(101, .exited(0))], now: 40))
        #expect(lifecycle.handle(.tick(now: 41, LifecycleTests.nothing)) == [.finish(exitStatus: 0)])
    }

    @Test("the old run dying while its replacement starts: the roll is aborted, the replacement stopped, the exit goes to the policy")
    func oldRunDiesMidRoll() {
        var lifecycle = LifecycleTests.running(["web.1"], options: Self.options(.notify, socket: true, restart: .always))
        _ = lifecycle.handle(.notify(group: 101, Self.ready, now: 1))
        _ = lifecycle.handle(.request(.restart([0]), now: 10))
        _ = lifecycle.handle(.spawned(instance: 0, pid: 201, now: 10))
        let actions = lifecycle.handle(.reaped([LifecycleTests.exit(101, .exited(1))], now: 20))
        #expect(actions.contains(.signalGroup(201, SIGTERM)))
        #expect(actions.contains(.report(.rollAborted(instance: "web.1", reason: "it exited with status 1 before it was ready", skipped: []))))
        #expect(actions.contains(.report(.restarting(instance: "web.1", delayMilliseconds: 500, attempt: 2))))
        #expect(lifecycle.instances[0].replacement == nil)
        #expect(lifecycle.draining.map(\.pgid) == [201])
        #expect(!lifecycle.isRestarting)
    }
}
