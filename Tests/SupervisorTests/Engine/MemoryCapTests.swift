import ControlProtocol
import Foundation
import Glibc
import Testing

@testable import supervisor

/// The memory cap (`--memory-max`) as tables of events and actions (see `LifecycleTests`):
/// `worker` is capped at 64 MiB with SIGQUIT and a 3 s grace period, `web` has no cap.
@Suite("Lifecycle memory cap")
struct MemoryCapTests {
    static let cap = 64 << 20

    static func options(restart: RestartPolicy = .never, readiness: Readiness? = nil, socket: Bool = false) -> Lifecycle.Options {
        var options = Lifecycle.Options()
        options.policy.defaults.restart = restart
        options.policy.memoryMaxByType = ["worker": cap]
        options.policy.stopSignalByType = ["worker": SIGQUIT]
        options.policy.gracePeriodByType = ["worker": 3000]
        if let readiness { options.readiness = ["worker": readiness] }
        if socket { options.sharedSockets = ["worker"] }
        return options
    }

    static func usage(_ pairs: (pid_t, Int)...) -> LifecycleEvent {
        .memory(pairs.map { MemoryUsage(group: $0.0, bytes: $0.1) }, now: 1000)
    }

    static func over(_ instance: String, _ pid: pid_t, _ bytes: Int, restart: Bool = true) -> LifecycleAction {
        .report(.overMemory(instance: instance, pid: pid, bytes: bytes, cap: cap, signal: SIGQUIT, restart: restart))
    }

    @Test("only capped runs are sampled, once a second, and only while the formation runs")
    func sampling() {
        var lifecycle = LifecycleTests.running(["web.1", "worker.1", "worker.2"], options: Self.options())
        #expect(lifecycle.memoryGroups == [102, 103])
        #expect(lifecycle.nextDeadline(now: 0) == 1000)
        _ = lifecycle.handle(Self.usage((102, 1 << 20), (103, 1 << 20)))
        #expect(lifecycle.nextDeadline(now: 1000) == 2000)
        // No cap: no sample is ever due.
        let uncapped = LifecycleTests.running(["web.1", "worker.1"])
        #expect(uncapped.memoryGroups.isEmpty)
        #expect(uncapped.nextDeadline(now: 0) == nil)
        _ = lifecycle.handle(.signal(SIGTERM, now: 1500))
        #expect(lifecycle.memoryGroups.isEmpty)
    }

    /// (what the sample says of worker.1, the actions expected).
    static let verdicts: [(String, Int, [LifecycleAction])] = [
        ("under its cap: nothing", cap - 1, []),
        ("exactly at its cap: nothing", cap, []),
        ("over its cap: its type's stop signal, reported with the use and the cap", cap + 1, [Self.over("worker.1", 102, cap + 1), .signalGroup(102, SIGQUIT)]),
    ]

    @Test("a sample over the cap stops the run with its type's signal; at or under the cap, nothing", arguments: verdicts)
    func verdict(_ label: String, bytes: Int, expected: [LifecycleAction]) {
        var lifecycle = LifecycleTests.running(["web.1", "worker.1"], options: Self.options())
        // web has no cap: whatever it uses is not judged.
        #expect(lifecycle.handle(Self.usage((101, 1 << 40), (102, bytes))) == expected, "\(label)")
    }

    @Test("over the cap under --restart never: restarted after the backoff (the formation goes on), SIGKILL after the grace period")
    func restartedWhateverThePolicy() {
        for restart in [RestartPolicy.never, .onFailure, .always] {
            var lifecycle = LifecycleTests.running(["web.1", "worker.1"], options: Self.options(restart: restart))
            #expect(lifecycle.handle(Self.usage((102, 100 << 20))) == [Self.over("worker.1", 102, 100 << 20), .signalGroup(102, SIGQUIT)])
            #expect(lifecycle.instances[1].state == "stopping")
            #expect(lifecycle.nextDeadline(now: 1000) == 2000)
            _ = lifecycle.handle(.tick(now: 2000, LifecycleTests.nothing))
            #expect(lifecycle.handle(.tick(now: 4000, LifecycleTests.nothing)) == [
                .report(.killing(instance: "worker.1", pid: 102, afterMilliseconds: 3000)), .signalGroup(102, SIGKILL),
            ])
            #expect(lifecycle.handle(.reaped([LifecycleTests.exit(102, .signaled(SIGKILL))], now: 4010)) == [
                .forgetGroup(102),
                .report(.exited(instance: "worker.1", pid: 102, status: .signaled(SIGKILL), duringStop: true)),
                .report(.restarting(instance: "worker.1", delayMilliseconds: 500, attempt: 2)),
            ])
            #expect(lifecycle.isRunning, "\(restart)")
            #expect(lifecycle.handle(.tick(now: 4510, LifecycleTests.nothing)) == [.spawn(instance: 1)])
            #expect(lifecycle.handle(.spawned(instance: 1, pid: 202, now: 4510)) == [.report(.spawned(instance: "worker.1", pid: 202, port: 5001))])
            #expect(lifecycle.instances[1].restarts == 1)
            #expect(!lifecycle.instances[1].overMemory)
            // The new run is judged afresh.
            #expect(lifecycle.handle(.memory([MemoryUsage(group: 202, bytes: 1 << 20)], now: 5510)) == [])
        }
    }

    @Test("runs over the cap again and again wait longer each time (the backoff), and a run of 30 s resets it")
    func backoff() {
        var lifecycle = LifecycleTests.running(["worker.1"], options: Self.options())
        var pid: pid_t = 101
        var now: Milliseconds = 1000
        var delays: [Int] = []
        for runtime in [1000, 1000, 1000, 31_000] as [Milliseconds] {
            now += runtime
            _ = lifecycle.handle(.memory([MemoryUsage(group: pid, bytes: Self.cap * 2)], now: now))
            let actions = lifecycle.handle(.reaped([LifecycleTests.exit(pid, .signaled(SIGQUIT))], now: now + 10))
            for case .report(.restarting(_, let delay, _)) in actions { delays.append(delay) }
            now += 10 + Milliseconds(delays.last ?? 0)
            _ = lifecycle.handle(.tick(now: now, LifecycleTests.nothing))
            pid += 100
            _ = lifecycle.handle(.spawned(instance: 0, pid: pid, now: now))
        }
        #expect(delays == [500, 1000, 2000, 500])
        #expect(lifecycle.isRunning)
    }

    @Test("a run already stopping (a requested stop or restart, an earlier verdict) is not signalled twice")
    func notTwice() {
        var lifecycle = LifecycleTests.running(["worker.1", "worker.2"], options: Self.options())
        #expect(lifecycle.handle(Self.usage((101, Self.cap + 1))) == [Self.over("worker.1", 101, Self.cap + 1), .signalGroup(101, SIGQUIT)])
        #expect(lifecycle.handle(.memory([MemoryUsage(group: 101, bytes: Self.cap * 2)], now: 2000)) == [])
        #expect(lifecycle.handle(.request(.stop([1]), now: 2100)) == [.signalGroup(102, SIGQUIT)])
        #expect(lifecycle.handle(.memory([MemoryUsage(group: 102, bytes: Self.cap * 2)], now: 3000)) == [])
        // The stopped instance stays stopped; the other one comes back.
        _ = lifecycle.handle(.reaped([LifecycleTests.exit(102, .signaled(SIGQUIT))], now: 3100))
        #expect(lifecycle.instances[1].state == "stopped")
        #expect(lifecycle.handle(.reaped([LifecycleTests.exit(101, .signaled(SIGQUIT))], now: 3200)).last
            == .report(.restarting(instance: "worker.1", delayMilliseconds: 500, attempt: 2)))
    }

    @Test("`supervisor stop` during the stop over the cap wins: the instance is not restarted")
    func stopRequestWins() {
        var lifecycle = LifecycleTests.running(["worker.1"], options: Self.options())
        _ = lifecycle.handle(Self.usage((101, Self.cap + 1)))
        #expect(lifecycle.handle(.request(.stop([0]), now: 1100)) == [])
        #expect(lifecycle.handle(.reaped([LifecycleTests.exit(101, .signaled(SIGQUIT))], now: 1200)) == [
            .forgetGroup(101), .report(.exited(instance: "worker.1", pid: 101, status: .signaled(SIGQUIT), duringStop: true)),
        ])
        #expect(lifecycle.handle(.tick(now: 5000, LifecycleTests.nothing)) == [])
        #expect(lifecycle.instances[0].state == "stopped")
    }

    @Test("a stop of the formation wins: no verdict while it stops, and a run stopped over its cap does not come back")
    func formationStopWins() {
        var lifecycle = LifecycleTests.running(["worker.1", "worker.2"], options: Self.options())
        _ = lifecycle.handle(Self.usage((101, Self.cap + 1)))
        _ = lifecycle.handle(.signal(SIGTERM, now: 1100))
        #expect(lifecycle.handle(.memory([MemoryUsage(group: 102, bytes: Self.cap * 2)], now: 1200)) == [])
        let actions = lifecycle.handle(.reaped([LifecycleTests.exit(101, .signaled(SIGQUIT)), LifecycleTests.exit(102, .signaled(SIGQUIT))], now: 1300))
        #expect(!actions.contains { if case .spawn = $0 { return true } else { return false } })
        #expect(!actions.contains { if case .report(.restarting) = $0 { return true } else { return false } })
        #expect(lifecycle.handle(.tick(now: 1300, LifecycleTests.nothing)) == [.finish(exitStatus: 0)])
    }

    @Test("during a rolling restart the run being replaced is let be (it drains once the new run is ready); a new run over its cap ends the roll")
    func rollingRestart() {
        var lifecycle = LifecycleTests.running(["worker.1", "worker.2"], options: Self.options(readiness: .notify, socket: true))
        _ = lifecycle.handle(.notify(group: 101, NotifyMessage(ready: true), now: 1))
        _ = lifecycle.handle(.notify(group: 102, NotifyMessage(ready: true), now: 1))
        _ = lifecycle.handle(.request(.restart([0, 1]), now: 10))
        #expect(lifecycle.memoryGroups == [101, 102])
        _ = lifecycle.handle(.spawned(instance: 0, pid: 201, now: 10))
        #expect(lifecycle.memoryGroups == [101, 201, 102])
        // The old run over its cap: its replacement is starting, so no second stop.
        #expect(lifecycle.handle(Self.usage((101, Self.cap * 2))) == [])
        // The replacement over its cap: it is stopped, the roll is called off, the old run serves on.
        #expect(lifecycle.handle(.memory([MemoryUsage(group: 201, bytes: Self.cap * 3)], now: 2000)) == [
            Self.over("worker.1", 201, Self.cap * 3, restart: false),
            .signalGroup(201, SIGQUIT),
            .report(.rollAborted(instance: "worker.1", reason: "the new run went over its --memory-max", skipped: ["worker.2"])),
        ])
        #expect(lifecycle.instances.map(\.pid) == [101, 102])
        #expect(lifecycle.draining.map(\.pgid) == [201])
        // The draining replacement is not judged again; the old run, no longer being replaced, is.
        #expect(lifecycle.handle(.memory([MemoryUsage(group: 201, bytes: Self.cap * 3), MemoryUsage(group: 101, bytes: Self.cap * 2)], now: 3000)) == [
            Self.over("worker.1", 101, Self.cap * 2), .signalGroup(101, SIGQUIT),
        ])
    }

    @Test("a job's run over its cap is stopped as failed, not run again: the job is free for its next trigger, the formation runs on")
    func job() {
        var policy = FormationPolicy(defaults: TypePolicy(restart: .always, stopSignal: SIGTERM, gracePeriod: 5000))
        policy.memoryMaxByType = ["job": Self.cap]
        let web = SupervisedInstance(name: "web.1", type: "web", typeIndex: 0, port: 5000, command: "serve")
        let job = SupervisedInstance.job(name: "job.1", type: "job", typeIndex: 1, port: 5100, command: "backup")
        var lifecycle = Lifecycle(instances: [web, job], options: Lifecycle.Options(policy: policy))
        _ = lifecycle.handle(.begin(now: 0))
        _ = lifecycle.handle(.spawned(instance: 0, pid: 101, now: 0))
        #expect(lifecycle.memoryGroups.isEmpty)
        _ = lifecycle.handle(.request(.trigger(1), now: 10))
        _ = lifecycle.handle(.spawned(instance: 1, pid: 201, now: 10))
        #expect(lifecycle.memoryGroups == [201])
        #expect(lifecycle.handle(.memory([MemoryUsage(group: 201, bytes: Self.cap * 2)], now: 1000)) == [
            .report(.overMemory(instance: "job.1", pid: 201, bytes: Self.cap * 2, cap: Self.cap, signal: SIGTERM, restart: false)),
            .signalGroup(201, SIGTERM),
        ])
        #expect(lifecycle.handle(.reaped([LifecycleTests.exit(201, .signaled(SIGTERM))], now: 1100)) == [
            .forgetGroup(201), .report(.exited(instance: "job.1", pid: 201, status: .signaled(SIGTERM), duringStop: false)),
        ])
        #expect(!lifecycle.isJobBusy(1))
        #expect(lifecycle.isRunning)
        #expect(lifecycle.handle(.tick(now: 10_000, LifecycleTests.nothing)) == [])
        let event = SupervisorEvent.overMemory(instance: "job.1", pid: 201, bytes: Self.cap * 2, cap: Self.cap, signal: SIGTERM, restart: false)
        #expect(event.message.hasSuffix("over its --memory-max 64M; stopping it (SIGTERM)"))
    }

    @Test("the event line says the use and the cap; journald gets them as fields")
    func eventLine() {
        let event = SupervisorEvent.overMemory(instance: "worker.1", pid: 4242, bytes: 530 << 20, cap: 512 << 20, signal: SIGTERM, restart: true)
        #expect(event.message == "worker.1: pid 4242 uses 530M (resident, its process group), over its --memory-max 512M; restarting (SIGTERM)")
        #expect(event.isProblem)
        #expect(event.instance == "worker.1")
        #expect(event.journalMessageID == JournalMessageID.overMemory)
        #expect(event.journalPriority == 4)
        let fields = Dictionary(uniqueKeysWithValues: event.journalFields)
        #expect(fields["MEMORY_RSS_BYTES"] == "\(530 << 20)")
        #expect(fields["MEMORY_MAX_BYTES"] == "\(512 << 20)")
        #expect(fields["PROCESS_PID"] == "4242")
        #expect(fields["SUPERVISOR_EVENT"] == "over-memory")
    }

    @Test("the use is said in whole MiB, with tenths or in bytes when whole MiB would not read as over the cap")
    func usageText() {
        let cap = 64 << 20
        #expect(MemoryUsage.text(530 << 20, over: 512 << 20) == "530M")
        #expect(MemoryUsage.text(cap + (1 << 20), over: cap) == "65M")
        #expect(MemoryUsage.text(cap + 300 << 10, over: cap) == "64.3M")
        #expect(MemoryUsage.text(cap + (1 << 20) / 2 - 1, over: cap) == "64.5M")
        #expect(MemoryUsage.text(cap + 1, over: cap) == "67108865 bytes")
        #expect(MemoryUsage.text(cap + 40 << 10, over: cap) == "\(cap + 40 << 10) bytes")
    }

    @Test("a /proc/PID/stat line gives its group, CPU ticks and resident pages, whatever the command name holds")
    func statLine() {
        let line = "4242 (a (b) c) S 1 4200 4200 0 -1 4194560 100 0 0 0 7 3 0 0 20 0 1 0 12345 10000000 2560 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0\n"
        #expect(ProcessStats.fields(ArraySlice(line.utf8)).map { [Int($0.group), $0.cpuTicks, $0.residentPages] } == [4200, 10, 2560])
        #expect(ProcessStats.fields(ArraySlice("4242 (x) S 1".utf8)) == nil)
    }

    @Test("one pass over /proc finds the test process's own group: its resident memory at least its own VmRSS")
    func ownGroup() throws {
        let usage = ProcessStats.resident(groups: [getpgrp(), 999_999_999])
        #expect(usage.map(\.group) == [getpgrp()])
        let status = try String(contentsOfFile: "/proc/self/status", encoding: .utf8)
        let line = try #require(status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") })
        let kilobytes = try #require(Int(line.split { $0 == " " || $0 == "\t" }[1]))
        // Both read while this process runs on; a margin for the pages it touches between them.
        #expect(usage[0].bytes >= kilobytes * 1024 - (4 << 20))
    }

    @Test("status shows the cap beside RSS")
    func statusTable() {
        var row = InstanceStatus(
            name: "worker.1", type: "worker", pid: 4242, port: 5100, state: "running", restarts: 0,
            uptimeSeconds: 1, lastExit: nil, cpuPercent: 0, rssBytes: 42 << 20, memoryMax: 512 << 20)
        #expect(StatusTable.cells(row)[9] == "42M/512M")
        row.memoryMax = nil
        #expect(StatusTable.cells(row)[9] == "42M")
    }
}
