import Glibc
import Testing

@testable import supervisor

/// Each type's own stop signal, grace period and restart policy, as tables of events and actions
/// (see `LifecycleTests`): `worker` gets SIGQUIT and 30 s while `web` gets SIGTERM and 5 s.
@Suite("Lifecycle policy per type")
struct LifecyclePolicyTests {
    static let policy = FormationPolicy(
        defaults: TypePolicy(restart: .never, stopSignal: SIGTERM, gracePeriod: 5000),
        stopSignalByType: ["worker": SIGQUIT], gracePeriodByType: ["worker": 30_000])

    static func options(_ policy: FormationPolicy = Self.policy) -> Lifecycle.Options {
        Lifecycle.Options(policy: policy)
    }

    @Test("one stop: web gets SIGTERM and worker SIGQUIT, reported per signal; each group is killed at its own deadline")
    func ownSignalsAndDeadlines() {
        var lifecycle = LifecycleTests.running(["web.1", "worker.1"], options: Self.options())
        #expect(lifecycle.handle(.signal(SIGTERM, now: 0)) == [
            .report(.stopping(reason: "received SIGTERM (web)", signal: SIGTERM, processes: 1, gracePeriodMilliseconds: 5000)),
            .report(.stopping(reason: "received SIGTERM (worker)", signal: SIGQUIT, processes: 1, gracePeriodMilliseconds: 30_000)),
            .signalGroup(101, SIGTERM), .signalGroup(102, SIGQUIT),
        ])
        #expect(lifecycle.handle(.tick(now: 4999, LifecycleTests.nothing)) == [])
        #expect(lifecycle.nextDeadline(now: 4999) == 5000)
        #expect(lifecycle.handle(.tick(now: 5000, LifecycleTests.nothing)) == [
            .report(.killing(instance: "web.1", pid: 101, afterMilliseconds: 5000)), .signalGroup(101, SIGKILL),
        ])
        _ = lifecycle.handle(.reaped([LifecycleTests.exit(101, .signaled(SIGKILL))], now: 5001))
        #expect(lifecycle.handle(.tick(now: 5001, LifecycleTests.nothing)) == [])
        #expect(lifecycle.handle(.tick(now: 29_999, LifecycleTests.nothing)) == [])
        #expect(lifecycle.handle(.tick(now: 30_000, LifecycleTests.nothing)) == [
            .report(.killing(instance: "worker.1", pid: 102, afterMilliseconds: 30_000)), .signalGroup(102, SIGKILL),
        ])
        _ = lifecycle.handle(.reaped([LifecycleTests.exit(102, .signaled(SIGKILL))], now: 30_001))
        #expect(lifecycle.handle(.tick(now: 30_001, LifecycleTests.nothing)) == [.finish(exitStatus: 137)])
    }

    @Test("the stop ends when every group is gone, before the longest grace period")
    func endsWhenAllGone() {
        var lifecycle = LifecycleTests.running(["web.1", "worker.1", "worker.2"], options: Self.options())
        #expect(lifecycle.handle(.signal(SIGINT, now: 0)).contains(
            .report(.stopping(reason: "received SIGINT (worker)", signal: SIGQUIT, processes: 2, gracePeriodMilliseconds: 30_000))))
        _ = lifecycle.handle(.reaped([LifecycleTests.exit(101, .exited(0)), LifecycleTests.exit(102, .exited(0))], now: 10))
        #expect(lifecycle.handle(.tick(now: 10, LifecycleTests.nothing)) == [])
        _ = lifecycle.handle(.reaped([LifecycleTests.exit(103, .exited(0))], now: 900))
        #expect(lifecycle.handle(.tick(now: 900, LifecycleTests.nothing)) == [.finish(exitStatus: 0)])
    }

    @Test("a second Ctrl-C kills every group at once, whatever its grace period; a group already killed is not killed twice")
    func secondInterrupt() {
        var lifecycle = LifecycleTests.running(["web.1", "worker.1"], options: Self.options())
        _ = lifecycle.handle(.signal(SIGINT, now: 0))
        #expect(lifecycle.handle(.tick(now: 5000, LifecycleTests.nothing)) == [
            .report(.killing(instance: "web.1", pid: 101, afterMilliseconds: 5000)), .signalGroup(101, SIGKILL),
        ])
        #expect(lifecycle.handle(.signal(SIGINT, now: 6000)) == [])
        #expect(lifecycle.handle(.tick(now: 6000, LifecycleTests.nothing)) == [
            .report(.killing(instance: "worker.1", pid: 102, afterMilliseconds: 0)), .signalGroup(102, SIGKILL),
        ])
        _ = lifecycle.handle(.reaped([LifecycleTests.exit(101, .signaled(SIGKILL)), LifecycleTests.exit(102, .signaled(SIGKILL))], now: 6001))
        #expect(lifecycle.handle(.tick(now: 6001, LifecycleTests.nothing)) == [.finish(exitStatus: 137)])
    }

    @Test("the same signal and grace for all: one report as before, with the shared values")
    func uniform() {
        var policy = FormationPolicy()
        policy.defaults.stopSignal = SIGINT
        policy.defaults.gracePeriod = 2000
        var lifecycle = LifecycleTests.running(["web.1", "worker.1"], options: Self.options(policy))
        #expect(lifecycle.handle(.signal(SIGTERM, now: 0)) == [
            .report(.stopping(reason: "received SIGTERM", signal: SIGINT, processes: 2, gracePeriodMilliseconds: 2000)),
            .signalGroup(101, SIGINT), .signalGroup(102, SIGINT),
        ])
    }

    @Test("a requested stop or restart uses the instance's type: SIGQUIT and 30 s for worker, SIGTERM and 5 s for web")
    func requests() {
        var lifecycle = LifecycleTests.running(["web.1", "worker.1"], options: Self.options())
        #expect(lifecycle.handle(.request(.stop([1]), now: 0)) == [.signalGroup(102, SIGQUIT)])
        #expect(lifecycle.handle(.request(.restart([0]), now: 0)) == [.signalGroup(101, SIGTERM)])
        #expect(lifecycle.handle(.tick(now: 5000, LifecycleTests.nothing)) == [
            .report(.killing(instance: "web.1", pid: 101, afterMilliseconds: 5000)), .signalGroup(101, SIGKILL),
        ])
        #expect(lifecycle.handle(.tick(now: 29_999, LifecycleTests.nothing)) == [])
        #expect(lifecycle.handle(.tick(now: 30_000, LifecycleTests.nothing)) == [
            .report(.killing(instance: "worker.1", pid: 102, afterMilliseconds: 30_000)), .signalGroup(102, SIGKILL),
        ])
    }

    @Test("a lingering group gets its type's signal and is killed after its type's grace period")
    func lingering() {
        var policy = Self.policy
        policy.defaults.restart = .always
        var lifecycle = LifecycleTests.running(["web.1", "worker.1"], options: Self.options(policy))
        let actions = lifecycle.handle(.reaped([LifecycleTests.exit(102, .exited(1), groupAlive: true)], now: 0))
        #expect(actions.first == .signalGroup(102, SIGQUIT))
        #expect(lifecycle.lingering == [LingeringGroup(pgid: 102, name: "worker.1", type: "worker", deadline: 30_000)])
        #expect(lifecycle.handle(.tick(now: 29_999, Survey(aliveGroups: [102]))).filter { $0 == .signalGroup(102, SIGKILL) } == [])
        #expect(lifecycle.handle(.tick(now: 30_000, Survey(aliveGroups: [102]))).starts(with: [
            .report(.killing(instance: "worker.1", pid: 102, afterMilliseconds: 30_000)), .signalGroup(102, SIGKILL),
        ]))
    }

    static func restarting(_ actions: [LifecycleAction], _ name: String) -> Bool {
        actions.contains { if case .report(.restarting(name, _, _)) = $0 { true } else { false } }
    }

    @Test("restart per type: a clock restarted always, a one-shot with its own never may exit 0 alone; the default never still stops the formation")
    func restartPerType() {
        let policy = FormationPolicy(restartByType: ["clock": .always, "migrate": .never])
        var lifecycle = LifecycleTests.running(["migrate.1", "clock.1", "web.1"], options: Self.options(policy))
        let released = lifecycle.handle(.reaped([LifecycleTests.exit(101, .exited(0))], now: 10))
        #expect(released == [.forgetGroup(101), .report(.exited(instance: "migrate.1", pid: 101, status: .exited(0), duringStop: false))])
        #expect(lifecycle.isRunning)
        #expect(lifecycle.instances[0].state == "exited")
        let clock = lifecycle.handle(.reaped([LifecycleTests.exit(102, .exited(0))], now: 20))
        #expect(Self.restarting(clock, "clock.1"))
        #expect(lifecycle.isRunning)
        let web = lifecycle.handle(.reaped([LifecycleTests.exit(103, .exited(0))], now: 30))
        #expect(web.contains(.report(.stopping(reason: "web.1 exited with status 0", signal: SIGTERM, processes: 0, gracePeriodMilliseconds: 5000))))
        #expect(!lifecycle.isRunning)
    }

    @Test("a one-shot with its own never that fails stops the formation with its status; on-failure of its own restarts it", arguments: [
        (RestartPolicy.never, true), (RestartPolicy.onFailure, false),
    ])
    func oneShotFails(restart: RestartPolicy, stops: Bool) {
        let policy = FormationPolicy(defaults: TypePolicy(restart: .always), restartByType: ["release": restart])
        var lifecycle = LifecycleTests.running(["release.1", "web.1"], options: Self.options(policy))
        let actions = lifecycle.handle(.reaped([LifecycleTests.exit(101, .exited(3))], now: 10))
        #expect(!lifecycle.isRunning == stops)
        #expect(Self.restarting(actions, "release.1") == !stops)
        if stops {
            _ = lifecycle.handle(.reaped([LifecycleTests.exit(102, .signaled(SIGTERM))], now: 20))
            #expect(lifecycle.handle(.tick(now: 20, LifecycleTests.nothing)) == [.finish(exitStatus: 3)])
        }
    }
}

extension LifecyclePolicyTests {
    @Test("stray children, whose type is unknown, get the default stop signal; SIGKILL at the longest deadline")
    func strays() {
        var policy = Self.policy
        policy.defaults.stopSignal = SIGUSR1
        var lifecycle = LifecycleTests.running(["web.1", "worker.1"], options: Self.options(policy))
        _ = lifecycle.handle(.signal(SIGTERM, now: 0))
        _ = lifecycle.handle(.reaped([LifecycleTests.exit(101, .exited(0)), LifecycleTests.exit(102, .exited(0))], now: 1))
        #expect(lifecycle.handle(.tick(now: 1, Survey(strays: [500]))) == [.signalProcess(500, SIGUSR1)])
        #expect(lifecycle.handle(.tick(now: 5000, Survey(strays: [500]))) == [])
        #expect(lifecycle.handle(.tick(now: 30_000, Survey(strays: [500]))) == [.signalProcess(500, SIGKILL)])
    }
}

extension LifecyclePolicyTests {
    @Test("a rolling restart drains the old run with its type's signal, SIGKILL after its type's grace period; a ready timeout sends the stop signal")
    func drainingAndReadyTimeout() {
        var options = LifecycleReadinessTests.options(.notify, socket: true)
        options.policy = FormationPolicy(stopSignalByType: ["web": SIGINT], gracePeriodByType: ["web": 2000])
        var lifecycle = LifecycleTests.running(["web.1"], options: options)
        _ = lifecycle.handle(.notify(group: 101, LifecycleReadinessTests.ready, now: 1))
        #expect(lifecycle.handle(.request(.restart([0]), now: 10)) == [.spawn(instance: 0)])
        _ = lifecycle.handle(.spawned(instance: 0, pid: 201, now: 10))
        #expect(lifecycle.handle(.notify(group: 201, LifecycleReadinessTests.ready, now: 60)).first == .signalGroup(101, SIGINT))
        #expect(lifecycle.handle(.tick(now: 2059, LifecycleTests.nothing)) == [])
        #expect(lifecycle.handle(.tick(now: 2060, LifecycleTests.nothing)) == [
            .report(.killing(instance: "web.1", pid: 101, afterMilliseconds: 2000)), .signalGroup(101, SIGKILL),
        ])

        var late = LifecycleTests.running(["web.1"], options: options)
        #expect(late.handle(.tick(now: 1000, LifecycleTests.nothing)).last == .signalGroup(101, SIGINT))
        #expect(late.handle(.tick(now: 3000, LifecycleTests.nothing)) == [
            .report(.killing(instance: "web.1", pid: 101, afterMilliseconds: 2000)), .signalGroup(101, SIGKILL),
        ])
    }
}
