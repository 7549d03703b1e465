import Glibc
import Testing

@testable import supervisor

/// Dependencies and the release phase as tables of events and actions (see `LifecycleTests`):
/// starts wait for their blockers, a dependency that can no longer be met names the chain, and
/// a stop goes in reverse order.
@Suite("Lifecycle dependencies")
struct LifecycleDependencyTests {
    static let webReady = Dependency(type: "web", condition: .ready)
    static let releaseSucceeded = Dependency(type: "release", condition: .succeeded)

    /// `release`, `web` (ready by notify, 1 s to be ready) and `worker` after `web:ready` (SIGQUIT, 3 s).
    static func options(restart: RestartPolicy = .never) -> Lifecycle.Options {
        var options = Lifecycle.Options()
        options.policy = FormationPolicy(
            defaults: TypePolicy(restart: restart), stopSignalByType: ["worker": SIGQUIT], gracePeriodByType: ["worker": 3000],
            afterByType: ["worker": [webReady]])
        options.readiness = ["web": .notify]
        options.readyTimeout = 1000
        return options
    }

    static func formation(_ names: [String] = ["release.1", "web.1", "worker.1"]) -> Lifecycle {
        let instances = names.enumerated().map { index, name in
            SupervisedInstance(name: name, type: String(name.prefix { $0 != "." }), typeIndex: index, port: 5000 + index, command: "run \(name)")
        }
        return Lifecycle(instances: instances, options: options())
    }

    @Test("release runs first; web starts once release exited 0, worker once web is ready; each waiting instance says what for")
    func startOrder() {
        var lifecycle = Self.formation()
        #expect(lifecycle.handle(.begin(now: 0)) == [.spawn(instance: 0)])
        #expect(lifecycle.handle(.spawned(instance: 0, pid: 101, now: 1)) == [
            .report(.spawned(instance: "release.1", pid: 101, port: 5000)),
            .report(.waiting(instance: "web.1", dependencies: [Self.releaseSucceeded])),
            .report(.waiting(instance: "worker.1", dependencies: [Self.releaseSucceeded, Self.webReady])),
        ])
        #expect(lifecycle.instances.map(\.state) == ["running", "waiting", "waiting"])
        #expect(lifecycle.instances[2].waitingFor == [Self.releaseSucceeded, Self.webReady])
        #expect(lifecycle.nextDeadline(now: 2) == nil)
        #expect(lifecycle.handle(.tick(now: 500, LifecycleTests.nothing)) == [])
        // release exits 0: a one-shot that finished, not a stop.
        #expect(lifecycle.handle(.reaped([LifecycleTests.exit(101, .exited(0))], now: 600)) == [
            .forgetGroup(101), .report(.exited(instance: "release.1", pid: 101, status: .exited(0), duringStop: false)), .spawn(instance: 1),
        ])
        #expect(lifecycle.handle(.spawned(instance: 1, pid: 102, now: 601)) == [
            .report(.spawned(instance: "web.1", pid: 102, port: 5001)),
            .report(.waiting(instance: "worker.1", dependencies: [Self.webReady])),
        ])
        #expect(lifecycle.instances.map(\.state) == ["exited", "starting", "waiting"])
        #expect(lifecycle.handle(.notify(group: 102, NotifyMessage(ready: true), now: 700)) == [
            .report(.ready(instance: "web.1", pid: 102, afterMilliseconds: 99)), .spawn(instance: 2),
        ])
        #expect(lifecycle.handle(.spawned(instance: 2, pid: 103, now: 701)) == [.report(.spawned(instance: "worker.1", pid: 103, port: 5002))])
        #expect(lifecycle.isRunning)
    }

    /// web.1 (pid 101) ready and worker.1 (pid 102) running.
    static func bothRunning() -> Lifecycle {
        var lifecycle = Self.formation(["web.1", "worker.1"])
        _ = lifecycle.handle(.begin(now: 0))
        _ = lifecycle.handle(.spawned(instance: 0, pid: 101, now: 0))
        _ = lifecycle.handle(.notify(group: 101, NotifyMessage(ready: true), now: 10))
        _ = lifecycle.handle(.spawned(instance: 1, pid: 102, now: 11))
        return lifecycle
    }

    @Test("a stop goes in reverse order: worker gets SIGQUIT first, web its SIGTERM once worker is gone")
    func reverseStop() {
        var lifecycle = Self.bothRunning()
        #expect(lifecycle.handle(.signal(SIGTERM, now: 100)) == [
            .report(.stopping(reason: "received SIGTERM (worker)", signal: SIGQUIT, processes: 1, gracePeriodMilliseconds: 3000)),
            .signalGroup(102, SIGQUIT),
        ])
        // Past the default grace period, web still waits for worker (which has 3 s).
        #expect(lifecycle.handle(.tick(now: 2000, LifecycleTests.nothing)) == [])
        #expect(lifecycle.nextDeadline(now: 2000) == 2020)
        #expect(lifecycle.handle(.reaped([LifecycleTests.exit(102, .exited(0))], now: 2500)) == [
            .forgetGroup(102), .report(.exited(instance: "worker.1", pid: 102, status: .exited(0), duringStop: true)),
            .report(.stopping(reason: "received SIGTERM, dependents gone (web)", signal: SIGTERM, processes: 1, gracePeriodMilliseconds: 5000)),
            .signalGroup(101, SIGTERM),
        ])
        #expect(lifecycle.handle(.tick(now: 7499, LifecycleTests.nothing)) == [])
        #expect(lifecycle.handle(.tick(now: 7500, LifecycleTests.nothing)) == [
            .report(.killing(instance: "web.1", pid: 101, afterMilliseconds: 5000)), .signalGroup(101, SIGKILL),
        ])
        _ = lifecycle.handle(.reaped([LifecycleTests.exit(101, .signaled(SIGKILL))], now: 7501))
        #expect(lifecycle.handle(.tick(now: 7501, LifecycleTests.nothing)) == [.finish(exitStatus: 137)])
    }

    @Test("a second Ctrl-C kills every group at once, dependees waiting their turn included")
    func secondInterrupt() {
        var lifecycle = Self.bothRunning()
        _ = lifecycle.handle(.signal(SIGINT, now: 100))
        _ = lifecycle.handle(.signal(SIGINT, now: 200))
        #expect(lifecycle.handle(.tick(now: 200, LifecycleTests.nothing)) == [
            .report(.killing(instance: "web.1", pid: 101, afterMilliseconds: 0)), .signalGroup(101, SIGKILL),
            .report(.killing(instance: "worker.1", pid: 102, afterMilliseconds: 0)), .signalGroup(102, SIGKILL),
        ])
    }

    @Test("release exits 3: nothing else starts, one line names what waited, the formation exits 3")
    func releaseFails() {
        var lifecycle = Self.formation()
        _ = lifecycle.handle(.begin(now: 0))
        _ = lifecycle.handle(.spawned(instance: 0, pid: 101, now: 1))
        let actions = lifecycle.handle(.reaped([LifecycleTests.exit(101, .exited(3))], now: 50))
        #expect(actions == [
            .forgetGroup(101), .report(.exited(instance: "release.1", pid: 101, status: .exited(3), duringStop: false)),
            .report(.dependencyFailed(waiting: ["web", "worker"], dependency: Self.releaseSucceeded, reason: "exited with status 3")),
            .report(.stopping(reason: "release.1 exited with status 3", signal: SIGTERM, processes: 0, gracePeriodMilliseconds: 5000)),
        ])
        #expect(SupervisorEvent.dependencyFailed(waiting: ["web", "worker"], dependency: Self.releaseSucceeded, reason: "exited with status 3").message
            == "web and worker wait for release:succeeded, which exited with status 3: they do not start")
        #expect(lifecycle.handle(.tick(now: 51, LifecycleTests.nothing)) == [.finish(exitStatus: 3)])
    }

    @Test("web not ready in time: worker's chain names the timeout; web exiting before ready names its status")
    func dependencyFails() {
        var lifecycle = Self.formation(["web.1", "worker.1"])
        _ = lifecycle.handle(.begin(now: 0))
        _ = lifecycle.handle(.spawned(instance: 0, pid: 101, now: 0))
        _ = lifecycle.handle(.tick(now: 1000, LifecycleTests.nothing))
        let actions = lifecycle.handle(.reaped([LifecycleTests.exit(101, .signaled(SIGTERM))], now: 1010))
        let line = SupervisorEvent.dependencyFailed(waiting: ["worker"], dependency: Self.webReady, reason: "was stopped: not ready after 1s (--ready-timeout)")
        #expect(actions.contains(.report(line)))
        #expect(line.message == "worker waits for web:ready, which was stopped: not ready after 1s (--ready-timeout): it does not start")
        _ = lifecycle.handle(.tick(now: 1011, LifecycleTests.nothing))
        #expect(lifecycle.exitStatus == 143)

        var exits = Self.formation(["web.1", "worker.1"])
        _ = exits.handle(.begin(now: 0))
        _ = exits.handle(.spawned(instance: 0, pid: 101, now: 0))
        #expect(exits.handle(.reaped([LifecycleTests.exit(101, .exited(3))], now: 10)).contains(
            .report(.dependencyFailed(waiting: ["worker"], dependency: Self.webReady, reason: "exited with status 3"))))
    }

    @Test("under --restart always a dependency that restarts keeps its dependents waiting; a running dependent is not restarted with it")
    func restartsKeepWaiting() {
        var lifecycle = Self.formation(["web.1", "worker.1"])
        lifecycle = Lifecycle(instances: lifecycle.instances, options: Self.options(restart: .always))
        _ = lifecycle.handle(.begin(now: 0))
        _ = lifecycle.handle(.spawned(instance: 0, pid: 101, now: 0))
        let crash = lifecycle.handle(.reaped([LifecycleTests.exit(101, .exited(1))], now: 100))
        #expect(!crash.contains { if case .report(.dependencyFailed) = $0 { true } else { false } })
        #expect(lifecycle.instances.map(\.state) == ["backoff", "waiting"])
        #expect(lifecycle.handle(.tick(now: 600, LifecycleTests.nothing)) == [.spawn(instance: 0)])
        _ = lifecycle.handle(.spawned(instance: 0, pid: 102, now: 600))
        #expect(lifecycle.handle(.notify(group: 102, NotifyMessage(ready: true), now: 700)).last == .spawn(instance: 1))
        _ = lifecycle.handle(.spawned(instance: 1, pid: 103, now: 701))
        // web crashes again: worker keeps running (Requires=, not BindsTo=).
        let again = lifecycle.handle(.reaped([LifecycleTests.exit(102, .exited(1))], now: 800))
        #expect(!again.contains(.signalGroup(103, SIGQUIT)))
        #expect(lifecycle.instances[1].pid == 103)
    }

    @Test("a type scaled up from 0 joins the graph: it waits for its own dependencies, and a stop signals it in order")
    func scaledUpType() {
        var options = Self.options()
        options.policy.afterByType["clock"] = [Self.webReady]
        let web = SupervisedInstance(name: "web.1", type: "web", typeIndex: 0, port: 5000, command: "run web")
        var lifecycle = Lifecycle(instances: [web], options: options)
        _ = lifecycle.handle(.begin(now: 0))
        _ = lifecycle.handle(.spawned(instance: 0, pid: 101, now: 0))
        let clock = SupervisedInstance(name: "clock.1", type: "clock", typeIndex: 2, port: 5200, command: "run clock")
        #expect(lifecycle.handle(.request(.scale(retire: [], revive: [:], add: [clock]), now: 5)) == [
            .report(.waiting(instance: "clock.1", dependencies: [Self.webReady])),
        ])
        #expect(lifecycle.handle(.notify(group: 101, NotifyMessage(ready: true), now: 10)).last == .spawn(instance: 1))
        _ = lifecycle.handle(.spawned(instance: 1, pid: 102, now: 11))
        #expect(lifecycle.handle(.signal(SIGTERM, now: 20)) == [
            .report(.stopping(reason: "received SIGTERM (clock)", signal: SIGTERM, processes: 1, gracePeriodMilliseconds: 5000)),
            .signalGroup(102, SIGTERM),
        ])
    }
}
