import Glibc
import Testing

@testable import supervisor

/// The lifecycle as a value: every stop path, second signal, grace expiry, restart backoff and
/// give-up, as events in and actions out, without a single process. (The process tests in this
/// target are the end-to-end proof that the runners carry the actions out.)
@Suite("Lifecycle")
struct LifecycleTests {
    static func instances(_ names: [String]) -> [SupervisedInstance] {
        names.enumerated().map { index, name in
            SupervisedInstance(name: name, type: String(name.prefix { $0 != "." }), typeIndex: 0, port: 5000 + index, command: "run \(name)")
        }
    }

    /// A formation of `names` already spawned as pids 101, 102, … at time 0.
    static func running(_ names: [String], options: Lifecycle.Options = Lifecycle.Options()) -> Lifecycle {
        var lifecycle = Lifecycle(instances: instances(names), options: options)
        var actions = lifecycle.handle(.begin(now: 0))
        while case .spawn(let index)? = actions.last {
            actions = lifecycle.handle(.spawned(instance: index, pid: pid_t(101 + index), now: 0))
        }
        return lifecycle
    }

    static func exit(_ pid: pid_t, _ status: TerminationStatus, groupAlive: Bool = false) -> LifecycleEvent.Reaped {
        LifecycleEvent.Reaped(pid: pid, status: status, groupAlive: groupAlive)
    }

    static let nothing = Survey()

    @Test("the formation starts one instance at a time, in order, each reported with its pid and port")
    func begin() {
        var lifecycle = Lifecycle(instances: Self.instances(["web.1", "web.2"]), options: Lifecycle.Options())
        #expect(lifecycle.handle(.begin(now: 0)) == [.spawn(instance: 0)])
        #expect(lifecycle.handle(.spawned(instance: 0, pid: 7, now: 0)) == [.report(.spawned(instance: "web.1", pid: 7, port: 5000)), .spawn(instance: 1)])
        #expect(lifecycle.handle(.spawned(instance: 1, pid: 8, now: 1)) == [.report(.spawned(instance: "web.2", pid: 8, port: 5001))])
        #expect(lifecycle.handle(.tick(now: 2, Self.nothing)) == [])
        #expect(lifecycle.nextDeadline(now: 2) == nil)
        #expect(lifecycle.leaders == [7, 8])
    }

    @Test("a first start that fails stops the formation before the next instance starts (--restart never)")
    func failedFirstStart() {
        var lifecycle = Lifecycle(instances: Self.instances(["a.1", "b.1"]), options: Lifecycle.Options())
        _ = lifecycle.handle(.begin(now: 0))
        #expect(lifecycle.handle(.spawnFailed(instance: 0, reason: "cannot run a", forkRefused: false, now: 0)) == [
            .report(.spawnFailed(instance: "a.1", reason: "cannot run a")),
            .report(.stopping(reason: "a.1 exited with status 127", signal: SIGTERM, processes: 0, gracePeriodMilliseconds: 5000)),
        ])
        #expect(lifecycle.handle(.tick(now: 0, Self.nothing)) == [.finish(exitStatus: 127)])
    }

    @Test("a refused fork is retried after 0.1 s doubling to 5 s, without counting as a run")
    func forkRefused() {
        var lifecycle = Lifecycle(instances: Self.instances(["a.1"]), options: Lifecycle.Options())
        _ = lifecycle.handle(.begin(now: 0))
        var now: Milliseconds = 0
        var delays: [Milliseconds] = []
        for _ in 0..<8 {
            let actions = lifecycle.handle(.spawnFailed(instance: 0, reason: "fork: EAGAIN", forkRefused: true, now: now))
            guard let due = lifecycle.nextDeadline(now: now) else { Issue.record("no retry scheduled"); return }
            delays.append(due - now)
            #expect(actions.count == 1)
            #expect(lifecycle.handle(.tick(now: due - 1, Self.nothing)) == [])
            now = due
            #expect(lifecycle.handle(.tick(now: now, Self.nothing)) == [.spawn(instance: 0)])
        }
        #expect(delays == [100, 200, 400, 800, 1600, 3200, 5000, 5000])
        #expect(lifecycle.instances[0].starts.isEmpty)
        #expect(lifecycle.isRunning)
    }

    @Test("--restart never: an exit stops the others with SIGTERM; the status is the child's")
    func neverRestart() {
        var lifecycle = Self.running(["web.1", "web.2"])
        #expect(lifecycle.handle(.reaped([Self.exit(101, .exited(3))], now: 10)) == [
            .forgetGroup(101),
            .report(.exited(instance: "web.1", pid: 101, status: .exited(3), duringStop: false)),
            .report(.stopping(reason: "web.1 exited with status 3", signal: SIGTERM, processes: 1, gracePeriodMilliseconds: 5000)),
            .signalGroup(102, SIGTERM),
        ])
        #expect(lifecycle.surveyRequest == Survey.Request(groups: [], strays: true))
        #expect(lifecycle.handle(.tick(now: 11, Self.nothing)) == [])
        #expect(lifecycle.handle(.reaped([Self.exit(102, .signaled(SIGTERM))], now: 12)) == [
            .forgetGroup(102), .report(.exited(instance: "web.2", pid: 102, status: .signaled(SIGTERM), duringStop: true)),
        ])
        #expect(lifecycle.handle(.tick(now: 12, Self.nothing)) == [.finish(exitStatus: 3)])
    }

    @Test("two leaders reaped in one pass: neither is signalled, their groups may be someone else's")
    func reapedTogether() {
        var lifecycle = Self.running(["a.1", "b.1", "c.1"])
        let actions = lifecycle.handle(.reaped([Self.exit(101, .exited(1)), Self.exit(102, .exited(2))], now: 5))
        #expect(actions.filter { if case .signalGroup = $0 { return true } else { return false } } == [.signalGroup(103, SIGTERM)])
        #expect(actions.contains(.report(.exited(instance: "b.1", pid: 102, status: .exited(2), duringStop: true))))
    }

    @Test("SIGTERM: every group gets SIGTERM; all gone within the grace period: exit 0")
    func signalStop() {
        var lifecycle = Self.running(["web.1", "worker.1"])
        #expect(lifecycle.handle(.signal(SIGTERM, now: 100)) == [
            .report(.stopping(reason: "received SIGTERM", signal: SIGTERM, processes: 2, gracePeriodMilliseconds: 5000)),
            .signalGroup(101, SIGTERM), .signalGroup(102, SIGTERM),
        ])
        #expect(lifecycle.nextDeadline(now: 100) == 120)
        _ = lifecycle.handle(.reaped([Self.exit(101, .exited(0)), Self.exit(102, .signaled(SIGTERM))], now: 150))
        #expect(lifecycle.handle(.tick(now: 150, Self.nothing)) == [.finish(exitStatus: 0)])
        #expect(lifecycle.exitStatus == 0)
    }

    @Test("grace period expired: SIGKILL to what is left, exit 137")
    func graceExpiry() {
        var lifecycle = Self.running(["web.1", "web.2"], options: Lifecycle.Options(policy: FormationPolicy(defaults: TypePolicy(gracePeriod: 1000))))
        _ = lifecycle.handle(.signal(SIGINT, now: 0))
        _ = lifecycle.handle(.reaped([Self.exit(101, .exited(0))], now: 10))
        #expect(lifecycle.handle(.tick(now: 999, Self.nothing)) == [])
        #expect(lifecycle.handle(.tick(now: 1000, Self.nothing)) == [
            .report(.killing(instance: "web.2", pid: 102, afterMilliseconds: 1000)), .signalGroup(102, SIGKILL),
        ])
        #expect(lifecycle.nextDeadline(now: 1000) == 1020)
        _ = lifecycle.handle(.reaped([Self.exit(102, .signaled(SIGKILL))], now: 1001))
        #expect(lifecycle.handle(.tick(now: 1001, Self.nothing)) == [.finish(exitStatus: 137)])
    }

    @Test("a second SIGINT kills at once; a second SIGHUP does not", arguments: [(SIGINT, true), (SIGTERM, true), (SIGQUIT, true), (SIGHUP, false)])
    func secondSignal(signal: Int32, escalates: Bool) {
        var lifecycle = Self.running(["web.1"])
        _ = lifecycle.handle(.signal(signal, now: 0))
        #expect(lifecycle.handle(.signal(signal, now: 50)) == [])
        let kill: [LifecycleAction] = [.report(.killing(instance: "web.1", pid: 101, afterMilliseconds: 0)), .signalGroup(101, SIGKILL)]
        #expect(lifecycle.handle(.tick(now: 50, Self.nothing)) == (escalates ? kill : []))
    }

    @Test("processes that survive SIGKILL for 5 s: one warning, exit without them")
    func survivesKill() {
        var lifecycle = Self.running(["web.1"], options: Lifecycle.Options(policy: FormationPolicy(defaults: TypePolicy(gracePeriod: 0))))
        _ = lifecycle.handle(.signal(SIGTERM, now: 0))
        #expect(lifecycle.handle(.tick(now: 0, Self.nothing)).contains(.signalGroup(101, SIGKILL)))
        #expect(lifecycle.handle(.tick(now: 4999, Self.nothing)) == [])
        #expect(lifecycle.handle(.tick(now: 5000, Self.nothing)) == [
            .report(.warning("processes survived SIGKILL for 5s (uninterruptible sleep?): exiting without them")), .finish(exitStatus: 137),
        ])
    }

    @Test("stray children (left their group) get SIGTERM once each, SIGKILL at the deadline, and are waited for")
    func strays() {
        var lifecycle = Self.running(["web.1"], options: Lifecycle.Options(policy: FormationPolicy(defaults: TypePolicy(gracePeriod: 1000))))
        _ = lifecycle.handle(.signal(SIGTERM, now: 0))
        _ = lifecycle.handle(.reaped([Self.exit(101, .exited(0))], now: 1))
        #expect(lifecycle.handle(.tick(now: 1, Survey(strays: [500]))) == [.signalProcess(500, SIGTERM)])
        #expect(lifecycle.handle(.tick(now: 20, Survey(strays: [500, 501]))) == [.signalProcess(501, SIGTERM)])
        #expect(lifecycle.handle(.tick(now: 1000, Survey(strays: [501]))) == [.signalProcess(501, SIGKILL)])
        #expect(lifecycle.handle(.tick(now: 1001, Survey(strays: [501, 502]))) == [])
        #expect(lifecycle.handle(.tick(now: 1002, Self.nothing)) == [.finish(exitStatus: 137)])
    }

    @Test("a leader's group that lingers: SIGTERM, SIGKILL after the grace period, forgotten once empty")
    func lingeringGroup() {
        var lifecycle = Self.running(["job.1"], options: Lifecycle.Options(policy: FormationPolicy(defaults: TypePolicy(restart: .always, gracePeriod: 1000))))
        let actions = lifecycle.handle(.reaped([Self.exit(101, .exited(0), groupAlive: true)], now: 0))
        #expect(actions.prefix(2) == [.signalGroup(101, SIGTERM), .report(.exited(instance: "job.1", pid: 101, status: .exited(0), duringStop: false))])
        #expect(lifecycle.surveyRequest.groups == [101])
        #expect(lifecycle.handle(.tick(now: 400, Survey(aliveGroups: [101]))) == [])
        #expect(lifecycle.nextDeadline(now: 400) == 500)
        let restart = lifecycle.handle(.tick(now: 500, Survey(aliveGroups: [101])))
        #expect(restart == [.spawn(instance: 0)])
        _ = lifecycle.handle(.spawned(instance: 0, pid: 200, now: 500))
        #expect(lifecycle.handle(.tick(now: 1000, Survey(aliveGroups: [101]))) == [
            .report(.killing(instance: "job.1", pid: 101, afterMilliseconds: 1000)), .signalGroup(101, SIGKILL),
        ])
        #expect(lifecycle.handle(.tick(now: 1010, Self.nothing)) == [.forgetGroup(101)])
        #expect(lifecycle.surveyRequest.isEmpty)
    }

    @Test("restart backoff: 0.5 s doubling after consecutive failures; a run of 30 s resets it")
    func backoff() {
        var lifecycle = Self.running(["w.1"], options: Lifecycle.Options(policy: FormationPolicy(defaults: TypePolicy(restart: .onFailure)), restartLimit: RestartLimit(argument: "100/60")!))
        var now: Milliseconds = 0
        var pid: pid_t = 101
        var delays: [Int] = []
        func failAndRestart(after runtime: Milliseconds) {
            now += runtime
            let actions = lifecycle.handle(.reaped([Self.exit(pid, .exited(1))], now: now))
            guard case .report(.restarting(_, let delay, _))? = actions.last else { Issue.record("no restart: \(actions)"); return }
            delays.append(delay)
            #expect(lifecycle.handle(.tick(now: now + Milliseconds(delay) - 1, Self.nothing)) == [])
            now += Milliseconds(delay)
            #expect(lifecycle.handle(.tick(now: now, Self.nothing)) == [.spawn(instance: 0)])
            pid += 1
            _ = lifecycle.handle(.spawned(instance: 0, pid: pid, now: now))
        }
        for _ in 0..<4 { failAndRestart(after: 10) }
        failAndRestart(after: 30_000)
        failAndRestart(after: 10)
        #expect(delays == [500, 1000, 2000, 4000, 500, 1000])
    }

    @Test("on-failure: a clean exit ends that instance; when all have, the formation stops with 0")
    func onFailureFinishes() {
        var lifecycle = Self.running(["a.1", "b.1"], options: Lifecycle.Options(policy: FormationPolicy(defaults: TypePolicy(restart: .onFailure))))
        #expect(lifecycle.handle(.reaped([Self.exit(101, .exited(0))], now: 5)) == [
            .forgetGroup(101), .report(.exited(instance: "a.1", pid: 101, status: .exited(0), duringStop: false)),
        ])
        #expect(lifecycle.handle(.tick(now: 100_000, Self.nothing)) == [])
        let actions = lifecycle.handle(.reaped([Self.exit(102, .exited(0))], now: 6))
        #expect(actions.last == .report(.stopping(reason: "every process finished", signal: SIGTERM, processes: 0, gracePeriodMilliseconds: 5000)))
        #expect(lifecycle.handle(.tick(now: 6, Self.nothing)) == [.finish(exitStatus: 0)])
    }

    @Test("the restart limit: the start that would exceed N within SECONDS gives up; exit is the last status, or 1 after a clean run",
          arguments: [(TerminationStatus.exited(0), Int32(1)), (.exited(4), 4), (.signaled(SIGSEGV), 128 + SIGSEGV)])
    func giveUp(last: TerminationStatus, expected: Int32) {
        let limit = RestartLimit(argument: "3/60")!
        var lifecycle = Self.running(["w.1", "x.1"], options: Lifecycle.Options(policy: FormationPolicy(defaults: TypePolicy(restart: .always)), restartLimit: limit))
        var now: Milliseconds = 0
        var pid: pid_t = 101
        for _ in 0..<2 {
            now += 10
            _ = lifecycle.handle(.reaped([Self.exit(pid, .exited(1))], now: now))
            now += 10_000
            _ = lifecycle.handle(.tick(now: now, Self.nothing))
            pid = 300 + pid_t(now / 1000)
            _ = lifecycle.handle(.spawned(instance: 0, pid: pid, now: now))
        }
        #expect(lifecycle.instances[0].starts.count == 3)
        let actions = lifecycle.handle(.reaped([Self.exit(pid, last)], now: now + 10))
        #expect(actions.suffix(3) == [
            .report(.gaveUp(instance: "w.1", limit: limit, status: last)),
            .report(.stopping(reason: "gave up on w.1", signal: SIGTERM, processes: 1, gracePeriodMilliseconds: 5000)),
            .signalGroup(102, SIGTERM),
        ])
        _ = lifecycle.handle(.reaped([Self.exit(102, .signaled(SIGTERM))], now: now + 20))
        #expect(lifecycle.handle(.tick(now: now + 20, Self.nothing)) == [.finish(exitStatus: expected)])
    }

    @Test("no restart is pending once the formation stops")
    func stopCancelsRestarts() {
        var lifecycle = Self.running(["w.1", "x.1"], options: Lifecycle.Options(policy: FormationPolicy(defaults: TypePolicy(restart: .always))))
        _ = lifecycle.handle(.reaped([Self.exit(101, .exited(1))], now: 0))
        #expect(lifecycle.nextDeadline(now: 0) == 500)
        _ = lifecycle.handle(.signal(SIGTERM, now: 100))
        #expect(lifecycle.handle(.tick(now: 600, Survey(strays: [])) ) == [])
        #expect(lifecycle.instances[0].startAt == nil)
    }

    @Test("Ctrl-Z stops every group and then the supervisor; SIGCONT continues them; USR1 is forwarded")
    func jobControl() {
        var lifecycle = Self.running(["a.1", "b.1"])
        #expect(lifecycle.handle(.signal(SIGTSTP, now: 0)) == [
            .report(.forwarded(signal: SIGSTOP, processes: 2)), .signalGroup(101, SIGSTOP), .signalGroup(102, SIGSTOP), .suspendSelf,
        ])
        #expect(lifecycle.handle(.signal(SIGCONT, now: 0)) == [
            .report(.forwarded(signal: SIGCONT, processes: 2)), .signalGroup(101, SIGCONT), .signalGroup(102, SIGCONT),
        ])
        #expect(lifecycle.handle(.signal(SIGUSR1, now: 0)) == [
            .report(.forwarded(signal: SIGUSR1, processes: 2)), .signalGroup(101, SIGUSR1), .signalGroup(102, SIGUSR1),
        ])
        #expect(lifecycle.handle(.signal(SIGWINCH, now: 0)) == [])
        #expect(lifecycle.isRunning)
    }

    @Test("supervisor run: signals are forwarded, the exit is the process's own even when leftovers needed SIGKILL")
    func oneOff() {
        var lifecycle = Self.running(["job"], options: Lifecycle.Options(policy: FormationPolicy(defaults: TypePolicy(gracePeriod: 1000)), signalRoles: SignalRole.oneOff))
        #expect(lifecycle.handle(.signal(SIGINT, now: 0)) == [.report(.forwarded(signal: SIGINT, processes: 1)), .signalGroup(101, SIGINT)])
        #expect(lifecycle.isRunning)
        let actions = lifecycle.handle(.reaped([Self.exit(101, .signaled(SIGINT), groupAlive: true)], now: 10))
        #expect(actions.contains(.report(.stopping(reason: "job was killed by SIGINT (status 130)", signal: SIGTERM, processes: 1, gracePeriodMilliseconds: 1000))))
        #expect(actions.last == .signalGroup(101, SIGTERM))
        #expect(lifecycle.handle(.tick(now: 20, Survey(aliveGroups: [101], strays: [600]))) == [.signalProcess(600, SIGTERM)])
        #expect(lifecycle.handle(.tick(now: 1010, Survey(aliveGroups: [101], strays: [600]))) == [
            .report(.killing(instance: "job", pid: 101, afterMilliseconds: 1000)), .signalGroup(101, SIGKILL), .signalProcess(600, SIGKILL),
        ])
        #expect(lifecycle.handle(.tick(now: 1011, Self.nothing)) == [.forgetGroup(101), .finish(exitStatus: 128 + SIGINT)])
    }

    @Test("requested restarts go one at a time; a requested stop is neither a failure nor the end of a --restart never formation")
    func requests() {
        var lifecycle = Self.running(["web.1", "web.2"])
        #expect(lifecycle.handle(.request(.restart([0, 1]), now: 0)) == [.signalGroup(101, SIGTERM)])
        #expect(lifecycle.instances[0].state == "stopping")
        #expect(lifecycle.handle(.reaped([Self.exit(101, .signaled(SIGTERM))], now: 10)) == [
            .forgetGroup(101), .report(.exited(instance: "web.1", pid: 101, status: .signaled(SIGTERM), duringStop: true)), .spawn(instance: 0),
        ])
        #expect(lifecycle.handle(.spawned(instance: 0, pid: 201, now: 10)) == [
            .report(.spawned(instance: "web.1", pid: 201, port: 5000)), .signalGroup(102, SIGTERM),
        ])
        #expect(lifecycle.instances[0].restarts == 1)
        #expect(lifecycle.handle(.request(.stop([1]), now: 20)) == [])
        #expect(lifecycle.handle(.tick(now: 5010, Self.nothing)) == [
            .report(.killing(instance: "web.2", pid: 102, afterMilliseconds: 5000)), .signalGroup(102, SIGKILL),
        ])
        _ = lifecycle.handle(.reaped([Self.exit(102, .signaled(SIGKILL))], now: 5011))
        #expect(lifecycle.isRunning)
        #expect(lifecycle.instances[1].state == "stopped")
        #expect(lifecycle.handle(.tick(now: 100_000, Self.nothing)) == [])
    }

    @Test("scale retires the highest-numbered first and adds new instances at once")
    func scaleRequest() {
        var lifecycle = Self.running(["web.1", "web.2"])
        let added = SupervisedInstance(name: "worker.1", type: "worker", typeIndex: 1, port: 5100, command: "w")
        #expect(lifecycle.handle(.request(.scale(retire: [1], revive: [:], add: [added]), now: 0)) == [.signalGroup(102, SIGTERM), .spawn(instance: 2)])
        #expect(lifecycle.instances[1].retired)
        _ = lifecycle.handle(.spawned(instance: 2, pid: 300, now: 1))
        let now = InstanceDefinition(command: "serve --v2", port: 5001, typeIndex: 0)
        #expect(lifecycle.handle(.request(.scale(retire: [], revive: [1: now], add: []), now: 2)) == [])
        #expect(lifecycle.instances[1].restartAfterStop)
        #expect(lifecycle.instances[1].command == "serve --v2", "a revived instance runs what the files say now")
    }
}
