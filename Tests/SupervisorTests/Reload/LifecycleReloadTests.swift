import Glibc
import Testing

@testable import supervisor

/// `Lifecycle+Reload` as tables: a reload's change applied to a running formation.
@Suite("Lifecycle reload")
struct LifecycleReloadTests {
    /// web.1 (pid 101), worker.1 (pid 102) and the job instance job.1, all started at time 0.
    static func formation(sockets: Set<String> = []) -> Lifecycle {
        let web = SupervisedInstance(name: "web.1", type: "web", typeIndex: 0, port: 5000, command: "serve")
        let worker = SupervisedInstance(name: "worker.1", type: "worker", typeIndex: 1, port: 5100, command: "work")
        let job = SupervisedInstance.job(name: "job.1", type: "job", typeIndex: 2, port: 5200, command: "backup")
        var lifecycle = Lifecycle(instances: [web, worker, job], options: Lifecycle.Options(sharedSockets: sockets))
        _ = lifecycle.handle(.begin(now: 0))
        _ = lifecycle.handle(.spawned(instance: 0, pid: 101, now: 0))
        _ = lifecycle.handle(.spawned(instance: 1, pid: 102, now: 0))
        return lifecycle
    }

    @Test("a changed type restarts through the queue: the first instance is stopped, its next run takes the new command; the other is untouched")
    func restart() {
        var lifecycle = Self.formation()
        var change = ReloadChange(options: lifecycle.options)
        change.definitions[0] = InstanceDefinition(command: "serve --v2", port: 5000, typeIndex: 0)
        change.restart = [0]
        let actions = lifecycle.handle(.request(.reload(change), now: 100))
        #expect(actions == [.signalGroup(101, SIGTERM)])
        #expect(lifecycle.instances[0].command == "serve --v2")
        #expect(lifecycle.instances[1].pid == 102 && lifecycle.instances[1].stopDeadline == nil)
        let after = lifecycle.handle(.reaped([LifecycleEvent.Reaped(pid: 101, status: .signaled(SIGTERM), groupAlive: false)], now: 150))
        #expect(after.contains(.spawn(instance: 0)))
    }

    @Test("on a shared socket the replacement starts first, the old run keeps serving")
    func rolling() {
        var lifecycle = Self.formation(sockets: ["web"])
        var change = ReloadChange(options: lifecycle.options)
        change.restart = [0]
        let actions = lifecycle.handle(.request(.reload(change), now: 100))
        #expect(actions == [.spawn(instance: 0)])
        #expect(lifecycle.instances[0].pid == 101)
    }

    @Test("new options, an added type and a removed admin type: the new instance starts, the job takes no more runs")
    func shape() {
        var lifecycle = Self.formation()
        var change = ReloadChange(options: lifecycle.options)
        change.options.policy.memoryMaxByType = ["worker": 1 << 30]
        change.add = [SupervisedInstance(name: "clock.1", type: "clock", typeIndex: 3, port: 5300, command: "tick")]
        change.removedAdminTypes = ["job"]
        let actions = lifecycle.handle(.request(.reload(change), now: 100))
        #expect(actions == [.spawn(instance: 3)])
        #expect(lifecycle.memoryMax(of: "worker") == 1 << 30)
        #expect(lifecycle.instances[2].retired)
        #expect(lifecycle.job(of: "job") == nil)
    }

    @Test("a retired type comes back with its new definition")
    func revive() {
        var lifecycle = Self.formation()
        _ = lifecycle.handle(.request(.scale(retire: [1], revive: [:], add: []), now: 10))
        _ = lifecycle.handle(.reaped([LifecycleEvent.Reaped(pid: 102, status: .signaled(SIGTERM), groupAlive: false)], now: 20))
        var change = ReloadChange(options: lifecycle.options)
        change.revive = [1: InstanceDefinition(command: "work --v2", port: 5100, typeIndex: 1)]
        let actions = lifecycle.handle(.request(.reload(change), now: 100))
        #expect(actions == [.spawn(instance: 1)])
        #expect(lifecycle.instances[1].command == "work --v2" && !lifecycle.instances[1].retired)
    }
}
