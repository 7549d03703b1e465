import Glibc
import Testing

@testable import supervisor

/// Admin types as jobs (`Lifecycle+Jobs`), as tables of events and actions: a job instance is
/// held until triggered, its exit is a value (never a restart, never a formation stop, even
/// under `--restart never`), one run at a time, and a formation stop stops it like any run.
@Suite("Lifecycle jobs")
struct LifecycleJobTests {
    /// web.1 (pid 101 at time 0) and the job instance job.1; every type `never` by default,
    /// so that any ordinary exit would stop the formation.
    static func formation(_ policy: FormationPolicy = FormationPolicy(
        defaults: TypePolicy(restart: .never, stopSignal: SIGTERM, gracePeriod: 5000), stopSignalByType: ["job": SIGQUIT])
    ) -> Lifecycle {
        let web = SupervisedInstance(name: "web.1", type: "web", typeIndex: 0, port: 5000, command: "serve")
        let job = SupervisedInstance.job(name: "job.1", type: "job", typeIndex: 1, port: 5100, command: "backup")
        var lifecycle = Lifecycle(instances: [web, job], options: Lifecycle.Options(policy: policy))
        _ = lifecycle.handle(.begin(now: 0))
        _ = lifecycle.handle(.spawned(instance: 0, pid: 101, now: 0))
        return lifecycle
    }

    /// `formation` with a triggered run of job.1 going as pid 201 since time 10.
    static func jobRunning(_ policy: FormationPolicy? = nil) -> Lifecycle {
        var lifecycle = policy.map { formation($0) } ?? formation()
        _ = lifecycle.handle(.request(.trigger(1), now: 10))
        _ = lifecycle.handle(.spawned(instance: 1, pid: 201, now: 10))
        return lifecycle
    }

    static func exit(_ pid: pid_t, _ status: TerminationStatus) -> LifecycleEvent.Reaped {
        LifecycleEvent.Reaped(pid: pid, status: status, groupAlive: false)
    }

    @Test("the formation starts without its job: nothing is due and no timer waits for it")
    func heldAtStart() {
        var lifecycle = Lifecycle(
            instances: [
                SupervisedInstance(name: "web.1", type: "web", typeIndex: 0, port: 5000, command: "serve"),
                SupervisedInstance.job(name: "job.1", type: "job", typeIndex: 1, port: 5100, command: "backup"),
            ], options: Lifecycle.Options())
        #expect(lifecycle.handle(.begin(now: 0)) == [.spawn(instance: 0)])
        #expect(lifecycle.handle(.spawned(instance: 0, pid: 101, now: 0)) == [.report(.spawned(instance: "web.1", pid: 101, port: 5000))])
        #expect(lifecycle.nextDeadline(now: 1) == nil)
        #expect(lifecycle.job(of: "job") == 1)
        #expect(lifecycle.job(of: "web") == nil)
        #expect(!lifecycle.isJobBusy(1))
        #expect(lifecycle.isFormationReady)
    }

    @Test("a trigger spawns the job; its failing exit is recorded, the formation keeps running, nothing restarts it")
    func exitIsAValue() {
        var lifecycle = Self.formation()
        #expect(lifecycle.handle(.request(.trigger(1), now: 10)) == [.spawn(instance: 1)])
        #expect(lifecycle.handle(.spawned(instance: 1, pid: 201, now: 10)) == [.report(.spawned(instance: "job.1", pid: 201, port: 5100))])
        #expect(lifecycle.isJobBusy(1))
        #expect(lifecycle.handle(.reaped([Self.exit(201, .exited(3))], now: 1200)) == [
            .forgetGroup(201), .report(.exited(instance: "job.1", pid: 201, status: .exited(3), duringStop: false)),
        ])
        #expect(lifecycle.isRunning)
        #expect(!lifecycle.isJobBusy(1))
        #expect(lifecycle.instances[1].lastExit == .exited(3))
        #expect(lifecycle.nextDeadline(now: 1300) == nil)
        #expect(lifecycle.handle(.tick(now: 60_000, Survey())) == [])
        // The next trigger runs it again.
        #expect(lifecycle.handle(.request(.trigger(1), now: 70_000)) == [.spawn(instance: 1)])
    }

    @Test("a job's own restart policy does not restart it: `always` and a signal death still wait for the next trigger")
    func noRestart() {
        var lifecycle = Self.jobRunning(FormationPolicy(restartByType: ["job": .always]))
        let actions = lifecycle.handle(.reaped([Self.exit(201, .signaled(SIGKILL))], now: 20))
        #expect(!actions.contains { if case .report(.restarting) = $0 { true } else { false } })
        #expect(lifecycle.instances[1].startAt == nil)
        #expect(lifecycle.nextDeadline(now: 30) == nil)
        #expect(lifecycle.isRunning)
    }

    @Test("a trigger while the job runs changes nothing (the runner refuses or skips it first)")
    func oneRunAtATime() {
        var lifecycle = Self.jobRunning()
        #expect(lifecycle.handle(.request(.trigger(1), now: 20)) == [])
        #expect(lifecycle.instances[1].pid == 201)
    }

    @Test("a job that cannot start counts as exit 127 and is held again; the formation keeps running")
    func spawnFailure() {
        var lifecycle = Self.formation()
        _ = lifecycle.handle(.request(.trigger(1), now: 10))
        let actions = lifecycle.handle(.spawnFailed(instance: 1, reason: "no such file", forkRefused: false, now: 10))
        #expect(actions == [.report(.spawnFailed(instance: "job.1", reason: "no such file"))])
        #expect(lifecycle.instances[1].lastExit == .exited(127))
        #expect(!lifecycle.isJobBusy(1))
        #expect(lifecycle.isRunning)
    }

    @Test("a formation stop gives a running job its type's stop signal, like any instance")
    func stoppedWithTheFormation() {
        var lifecycle = Self.jobRunning()
        let actions = lifecycle.handle(.signal(SIGTERM, now: 20))
        #expect(actions.contains(.signalGroup(201, SIGQUIT)))
        #expect(actions.contains(.signalGroup(101, SIGTERM)))
        _ = lifecycle.handle(.reaped([Self.exit(201, .signaled(SIGQUIT)), Self.exit(101, .exited(0))], now: 30))
        #expect(lifecycle.handle(.tick(now: 40, Survey())) == [.finish(exitStatus: 0)])
    }

    @Test("a type scaled up from 0 retires its job; scaled back to 0, the job takes runs again")
    func scaledType() {
        var lifecycle = Self.formation()
        let added = SupervisedInstance(name: "job.1", type: "job", typeIndex: 1, port: 5100, command: "backup")
        _ = lifecycle.handle(.request(.scale(retire: [], revive: [:], add: [added]), now: 10))
        #expect(lifecycle.job(of: "job") == nil)
        #expect(lifecycle.instances[1].retired)
        _ = lifecycle.handle(.request(.scale(retire: [2], revive: [:], add: []), now: 20))
        #expect(lifecycle.job(of: "job") == 1)
    }

    @Test("a job's run is ready once spawned and never checked, even when its type has a check; an instance a scale adds to a checked type waits for its check")
    func checkedTypes() {
        var policy = FormationPolicy(defaults: TypePolicy(restart: .never, stopSignal: SIGTERM, gracePeriod: 5000))
        policy.checkByType = ["job": .tcp, "web": .tcp]
        var lifecycle = Self.jobRunning(policy)
        #expect(lifecycle.instances[1].readiness == .started)
        #expect(lifecycle.instances[1].ready)
        let actions = lifecycle.handle(.tick(now: 20, Survey()))
        #expect(!actions.contains { if case .startCheck(let request) = $0 { request.group == 201 } else { false } }, "\(actions)")
        let added = SupervisedInstance(name: "web.2", type: "web", typeIndex: 0, port: 5001, command: "serve")
        _ = lifecycle.handle(.request(.scale(retire: [], revive: [:], add: [added]), now: 30))
        #expect(lifecycle.instances[2].readiness == .check)
    }

    @Test("a skipped due time is one line naming it and the run still going (or not started yet), a problem in journald's eyes")
    func skippedLine() {
        let skipped = SupervisorEvent.jobSkipped(instance: "job.1", due: "2026-12-08T00:00:00Z", pid: 4242, since: "2026-12-07T23:59:00Z")
        #expect(skipped.message == "job.1: the run due at 2026-12-08T00:00:00Z is skipped: the run started at 2026-12-07T23:59:00Z (pid 4242) is still going")
        #expect(skipped.isProblem)
        #expect(skipped.journalEventName == "job-skipped")
        #expect(skipped.journalFields.contains { $0 == ("SCHEDULE_DUE", "2026-12-08T00:00:00Z") })
        let waiting = SupervisorEvent.jobSkipped(instance: "job.1", due: "2026-12-08T00:00:00Z", pid: 0, since: "")
        #expect(waiting.message.hasSuffix("skipped: the run asked for before has not started yet"))
    }
}
