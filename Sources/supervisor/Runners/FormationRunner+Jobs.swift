import ControlProtocol
import Glibc

/// Admin types run inside the formation: by their schedule (`--schedule`, `FORMATION_SCHEDULE`)
/// and by `supervisor trigger` (and the dashboard's Run button, which sends it). The wall clock
/// is read once per turn here and handed to the `Scheduler` as a number; the lifecycle keeps to
/// the monotonic clock and sees only `.trigger` requests (see `Lifecycle+Jobs`).
extension FormationRunner {
    /// The longest the loop sleeps while a schedule is pending, so that a wall clock set
    /// forward or back (NTP, a resumed laptop) is noticed within a minute.
    static let scheduleRecheck: Milliseconds = 60_000

    /// Once per turn: reads the wall clock, starts the runs that are due and reports the ones
    /// skipped because the last run is still going; while stopping, answers the triggers whose
    /// run never started.
    func runJobs(now: Milliseconds) {
        jobs.wallMilliseconds = Self.wallMilliseconds()
        jobs.readAt = now
        let seconds = jobs.wallSeconds(at: now)
        if jobs.scheduler == nil {
            jobs.scheduler = Scheduler(Array(options.lifecycle.policy.scheduleByType.values), now: seconds)
        }
        guard lifecycle.isRunning else {
            answerUnstartedTriggers(now: now)
            return
        }
        let busy = Set(lifecycle.instances.indices.filter { lifecycle.instances[$0].isJob && lifecycle.isJobBusy($0) }.map { lifecycle.instances[$0].type })
        for decision in jobs.scheduler?.due(now: seconds, running: busy) ?? [] {
            switch decision {
            case .run(let type, _):
                guard let index = lifecycle.job(of: type) else { continue }
                perform(lifecycle.handle(.request(.trigger(index), now: now)), now: now)
            case .skip(let type, let due):
                guard let index = lifecycle.job(of: type) else { continue }
                // A run asked for and not spawned yet (its type waits for a dependency) has no pid yet.
                let run = jobs.current[type]
                sink.event(.jobSkipped(
                    instance: lifecycle.instances[index].name, due: CronSchedule.iso8601(due), pid: run?.pid ?? 0,
                    since: run.map { CronSchedule.iso8601($0.started) } ?? ""))
            }
        }
    }

    /// When the next scheduled run is due on the loop's clock (nil: none pending).
    func jobDeadline(now: Milliseconds) -> Milliseconds? {
        guard lifecycle.isRunning, let due = jobs.scheduler?.nextDue else { return nil }
        let wait = Milliseconds(max(0, due * 1000 - jobs.wallMilliseconds))
        return min(jobs.readAt + wait, now + Self.scheduleRecheck)
    }

    /// A supervisor event about a job instance updates its run: spawned, ended, or failed to start.
    func noteJob(_ event: SupervisorEvent, now: Milliseconds) {
        switch event {
        case .spawned(let name, let pid, _):
            guard let index = lifecycle.instances.firstIndex(where: { $0.isJob && $0.pid == pid }) else { return }
            jobs.commands[index] = nil
            jobs.current[lifecycle.instances[index].type] = Scheduler.Run(instance: name, pid: pid, started: jobs.wallSeconds(at: now), startedAt: now)
        case .exited(_, let pid, let status, _):
            guard let (type, run) = jobs.current.first(where: { $0.value.pid == pid }) else { return }
            ended(type, run, status: status, now: now)
        case .spawnFailed(let name, let reason):
            // Nothing ran (a fork the system refused is retried: the job is not held again yet).
            guard let index = lifecycle.instances.firstIndex(where: { $0.isJob && $0.name == name }),
                lifecycle.instances[index].held || !lifecycle.isRunning
            else { return }
            jobs.commands[index] = nil
            let run = Scheduler.Run(instance: name, pid: 0, started: jobs.wallSeconds(at: now), startedAt: now)
            ended(lifecycle.instances[index].type, run, status: .exited(127), now: now, reason: reason)
        default:
            return
        }
    }

    private func ended(_ type: String, _ started: Scheduler.Run, status: TerminationStatus, now: Milliseconds, reason: String? = nil) {
        var run = started
        run.status = status
        run.milliseconds = now - run.startedAt
        jobs.current[type] = nil
        jobs.last[type] = run
        let name = run.instance
        guard let server = controlServer else { return }
        for (client, instance) in jobs.waiting where instance == name && server.clients[client.fd] === client {
            client.awaitingAnswer = false
            server.send(ControlReply.success(triggerAnswer(run, reason: reason)), to: client, now: now)
        }
        jobs.waiting.removeAll { $0.instance == name }
    }

    /// `trigger`'s answer: the run's summary as `message`, and its outcome as fields.
    private func triggerAnswer(_ run: Scheduler.Run, reason: String?) -> [(String, JSONValue)] {
        let status = run.status ?? .exited(0)
        var exitStatus: JSONValue = .null
        var signal: JSONValue = .null
        switch status {
        case .exited(let code): exitStatus = JSONValue(code)
        case .signaled(let number): signal = .string(SignalName.of(number))
        }
        let message = reason.map { "\(run.instance) could not start: \($0)" } ?? run.summary
        return [
            ("message", .string(message)), ("instance", .string(run.instance)), ("pid", JSONValue(run.pid)),
            ("started", .string(CronSchedule.iso8601(run.started))), ("exit_status", exitStatus), ("signal", signal),
            ("exit_code", JSONValue(status.exitCode)), ("seconds", .number(Double(run.milliseconds ?? 0) / 1000)),
        ]
    }

    /// While stopping: a trigger whose run never started is answered now (its run would have been).
    private func answerUnstartedTriggers(now: Milliseconds) {
        guard let server = controlServer, !jobs.waiting.isEmpty else { return }
        jobs.waiting.removeAll { client, instance in
            if jobs.current.values.contains(where: { $0.instance == instance }) { return false }
            if server.clients[client.fd] === client {
                client.awaitingAnswer = false
                server.send(ControlReply.failure("the formation is stopping: \(instance) did not run"), to: client, now: now)
            }
            return true
        }
    }

    /// `supervisor trigger TYPE [ARGS...]`: one run of an admin type, answered when it ends.
    /// Refused for a type with instances (restart those), for an unknown type, and while a run
    /// of the type is going (the same overlap rule as its schedule).
    func serveTrigger(type: String, arguments: [String], from client: ControlClient, now: Milliseconds) {
        guard let server = controlServer else { return }
        let what = (["trigger", type] + arguments.map(ShellQuote.quote)).joined(separator: " ")
        let refusal: String?
        let index = lifecycle.job(of: type)
        if !lifecycle.isRunning {
            refusal = "the formation is stopping"
        } else if let index {
            if lifecycle.isJobBusy(index) {
                let instance = lifecycle.instances[index]
                let run = jobs.current[type]
                let since = run.map { " since \(CronSchedule.iso8601($0.started)) (pid \($0.pid))" } ?? " (starting)"
                refusal = "\(instance.name) is already running\(since): an admin type runs once at a time; wait for it to end"
            } else {
                refusal = nil
            }
        } else if lifecycle.instances.contains(where: { !$0.isJob && !$0.retired && $0.type == type }) {
            refusal = "\(type) has instances in this formation: trigger runs admin types (formation count 0); use `supervisor restart \(type)`"
        } else {
            let admin = lifecycle.instances.filter { $0.isJob && !$0.retired }.map(\.type)
            let known = admin.isEmpty ? "this formation has none" : "this formation has \(admin.joined(separator: ", "))"
            refusal = "no admin type named '\(type)' (a Procfile type with formation count 0): \(known)"
        }
        guard let index, refusal == nil else {
            let message = refusal ?? "refused"
            sink.event(.request(what: what, peer: client.peer, outcome: message, refused: true))
            server.send(ControlReply.failure(message), to: client, now: now)
            return
        }
        let instance = lifecycle.instances[index]
        if !arguments.isEmpty {
            jobs.commands[index] = ([instance.command] + arguments.map(ShellQuote.quote)).joined(separator: " ")
        }
        sink.event(.request(what: what, peer: client.peer, outcome: "running \(instance.name)", refused: false))
        jobs.waiting.append((client, instance.name))
        client.awaitingAnswer = true
        perform(lifecycle.handle(.request(.trigger(index), now: now)), now: now)
    }

    /// The `admin` rows of `status`: every admin type, scheduled or not, in Procfile order.
    func adminStatus(now: Milliseconds) -> [JSONValue] {
        lifecycle.instances.filter { $0.isJob && !$0.retired }.sorted { $0.typeIndex < $1.typeIndex }.map { instance in
            var lastRun: AdminStatus.LastRun?
            if let last = jobs.last[instance.type], let status = last.status {
                var exitStatus: Int32?
                var signal: String?
                switch status {
                case .exited(let code): exitStatus = code
                case .signaled(let number): signal = SignalName.of(number)
                }
                lastRun = AdminStatus.LastRun(
                    started: CronSchedule.iso8601(last.started), exitStatus: exitStatus, signal: signal,
                    seconds: Double(last.milliseconds ?? 0) / 1000)
            }
            let current = jobs.current[instance.type]
            return AdminStatus(
                type: instance.type, instance: instance.name, schedule: jobs.scheduler?.schedule(of: instance.type)?.cron,
                nextRun: jobs.scheduler?.next(of: instance.type).map(CronSchedule.iso8601), lastRun: lastRun,
                running: current.map(\.pid), runningSince: current.map { CronSchedule.iso8601($0.started) }
            ).json
        }
    }

    /// UTC milliseconds since the epoch (CLOCK_REALTIME), read once per turn by `runJobs`.
    static func wallMilliseconds() -> Int {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return Int(time.tv_sec) * 1000 + Int(time.tv_nsec) / 1_000_000
    }
}
