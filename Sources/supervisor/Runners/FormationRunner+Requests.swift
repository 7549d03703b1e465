import ControlProtocol
import Glibc
import Procfile

extension FormationRunner {
    /// Carries out one control request and answers it; every request that changes something
    /// is also a supervisor event.
    func serve(_ request: ControlRequest, from client: ControlClient, now: Milliseconds) {
        guard let server = controlServer else { return }
        if case .status = request {
            server.send(ControlReply.success(statusFields(now: now)), to: client, now: now)
            return
        }
        if case .trigger(let type, let arguments) = request {
            serveTrigger(type: type, arguments: arguments, from: client, now: now)
            return
        }
        if case .reload(let dryRun) = request {
            serveReload(dryRun: dryRun, from: client, now: now)
            return
        }
        if case .logs(let targets, let lines, let follow) = request {
            serveLogs(targets: targets, lines: lines, follow: follow, to: client, now: now)
            return
        }
        let what = Self.describe(request)
        let outcome: Result<(LifecycleRequest, String), RequestRefusal> = lifecycle.isRunning
            ? plan(request)
            : .failure(RequestRefusal(message: "the formation is stopping"))
        switch outcome {
        case .success(let (planned, message)):
            sink.event(.request(what: what, peer: client.peer, outcome: message, refused: false))
            if case .restart = planned {
                // Answered once the restart is done (or aborted): see `answerRestarts`.
                if pendingRestarts.isEmpty { rollAborts = [] }
                pendingRestarts.append(PendingRestart(client: client, since: now))
                client.awaitingAnswer = true
            } else {
                server.send(ControlReply.success([("message", .string(message))]), to: client, now: now)
            }
            perform(lifecycle.handle(.request(planned, now: now)), now: now)
        case .failure(let refusal):
            sink.event(.request(what: what, peer: client.peer, outcome: refusal.message, refused: true))
            server.send(ControlReply.failure(refusal.message), to: client, now: now)
        }
    }

    /// Restart requests are answered when every requested restart has finished: with the time
    /// it took, or with why a roll was aborted (the old runs then keep serving).
    func answerRestarts(now: Milliseconds) {
        guard !pendingRestarts.isEmpty, !lifecycle.isRestarting || !lifecycle.isRunning, let server = controlServer else { return }
        for pending in pendingRestarts where server.clients[pending.client.fd] === pending.client {
            let plan: [(String, JSONValue)] = pending.plan.isEmpty ? [] : [("plan", .array(pending.plan.map(JSONValue.string)))]
            let reply: String
            if !lifecycle.isRunning {
                reply = ControlReply.failure("the formation is stopping", plan)
            } else if !rollAborts.isEmpty {
                reply = ControlReply.failure(rollAborts.joined(separator: "; "), plan)
            } else {
                reply = ControlReply.success([("message", .string("\(pending.verb) in \(SupervisorEvent.seconds(Int(now - pending.since)))"))] + plan)
            }
            pending.client.awaitingAnswer = false
            server.send(reply, to: pending.client, now: now)
        }
        pendingRestarts = []
    }

    struct RequestRefusal: Error {
        let message: String
    }

    /// What a request asks of the lifecycle, with the reply's text; or why it cannot be done.
    private func plan(_ request: ControlRequest) -> Result<(LifecycleRequest, String), RequestRefusal> {
        switch request {
        case .restart(let targets):
            return resolve(targets).map { (.restart($0), "restarting \(names($0)) one at a time") }
        case .stop(let targets):
            return resolve(targets).map { (.stop($0), "stopping \(names($0))") }
        case .signal(let targets, let name):
            guard let signal = SignalName.number(of: name) else {
                return .failure(RequestRefusal(message: "unknown signal '\(name)'; give a name such as USR1, SIGHUP or TERM, or a number from 1 to 64"))
            }
            return resolve(targets).map { (.signal($0, signal), "sent \(SignalName.of(signal)) to \(names($0))") }
        case .scale(let spec):
            return scalePlan(spec)
        case .shutdown:
            return .success((.shutdown, "stopping the formation"))
        case .status, .logs, .trigger, .reload:
            return .failure(RequestRefusal(message: "not a lifecycle request"))
        }
    }

    /// Targets are process types (every instance of it in the formation) or instance names.
    /// Admin types' job instances count only for `logs` (`jobs`): they take no restart, stop or signal.
    private func resolve(_ targets: [String], jobs: Bool = false) -> Result<[Int], RequestRefusal> {
        var indices: [Int] = []
        for target in targets {
            let matches = lifecycle.instances.indices.filter { index in
                let instance = lifecycle.instances[index]
                return !instance.retired && (jobs || !instance.isJob) && (instance.name == target || instance.type == target)
            }
            guard !matches.isEmpty else {
                let known = lifecycle.instances.filter { !$0.retired && !$0.isJob }.map(\.name).joined(separator: ", ")
                return .failure(RequestRefusal(message: "no process type or instance named '\(target)'; the formation runs: \(known)"))
            }
            indices += matches.filter { !indices.contains($0) }
        }
        return .success(indices)
    }

    private func names(_ indices: [Int]) -> String {
        indices.map { lifecycle.instances[$0].name }.joined(separator: ", ")
    }

    static func describe(_ request: ControlRequest) -> String {
        switch request {
        case .status: return "status"
        case .restart(let targets): return "restart \(targets.joined(separator: " "))"
        case .stop(let targets): return "stop \(targets.joined(separator: " "))"
        case .scale(let spec): return "scale \(spec)"
        case .signal(let targets, let signal): return "signal \(targets.joined(separator: " ")) \(signal)"
        case .logs(let targets, _, _): return "logs \(targets.joined(separator: " "))"
        case .shutdown: return "shutdown"
        case .trigger(let type, let arguments): return (["trigger", type] + arguments.map(ShellQuote.quote)).joined(separator: " ")
        case .reload(let dryRun): return dryRun ? "reload --dry-run" : "reload"
        }
    }

    /// `status`: the formation and one row per instance in it (or still stopping out of it).
    private func statusFields(now: Milliseconds) -> [(String, JSONValue)] {
        let shown = lifecycle.instances.filter { (!$0.retired || $0.pid != nil) && !$0.isJob }
        let groups = Set(shown.compactMap(\.pid))
        let stats = ProcessStats.sample(groups: groups)
        var rows: [JSONValue] = []
        let output = outputCounts()
        for instance in shown {
            var cpu: Double?
            var cpuSeconds: Double?
            var rss: Int?
            if let pid = instance.pid, let sample = stats[pid] {
                cpuSeconds = Double(sample.cpuTicks) / Double(ProcessStats.ticksPerSecond)
                let previous = cpuSamples[pid] ?? (ticks: 0, at: instance.startedAt)
                let elapsed = Double(max(1, now - previous.at)) / 1000
                cpu = (Double(sample.cpuTicks - previous.ticks) / Double(ProcessStats.ticksPerSecond) / elapsed * 1000).rounded() / 10
                rss = sample.rssBytes
                cpuSamples[pid] = (sample.cpuTicks, now)
            }
            let status = InstanceStatus(
                name: instance.name, type: instance.type, pid: instance.pid, port: instance.port,
                state: lifecycle.isRunning ? instance.state : (instance.pid == nil ? "stopped" : "stopping"),
                restarts: instance.restarts,
                uptimeSeconds: instance.pid == nil ? nil : Double(now - instance.startedAt) / 1000,
                lastExit: instance.lastExit?.exitCode, cpuPercent: cpu, rssBytes: rss,
                memoryMax: lifecycle.memoryMax(of: instance.type),
                statusText: instance.pid == nil ? nil : instance.statusText,
                waitingFor: lifecycle.isRunning && instance.state == "waiting" ? instance.waitingFor.map(\.description) : [],
                check: instance.pid.flatMap { lifecycle.checks[$0]?.summary }, cpuSeconds: cpuSeconds,
                outputLines: output[instance.name]?.lines ?? 0, outputBytes: output[instance.name]?.bytes ?? 0,
                linesCut: output[instance.name]?.linesCut ?? 0)
            rows.append(status.json)
        }
        cpuSamples = cpuSamples.filter { groups.contains($0.key) }
        return [("root", .string(options.directory)), ("pid", .number(Double(getpid()))), ("instances", .array(rows)), ("admin", .array(adminStatus(now: now))),
            ("clients", JSONValue(controlServer?.clients.count ?? 0)), ("lost_output_bytes", JSONValue(sink.droppedBytes))]
    }

    /// `logs`: the last lines of the targets (every instance when none), then, with `follow`,
    /// the new ones as they come.
    private func serveLogs(targets: [String], lines: Int, follow: Bool, to client: ControlClient, now: Milliseconds) {
        guard let server = controlServer else { return }
        let names: [String]
        if targets.isEmpty {
            names = lifecycle.instances.map(\.name)
        } else {
            switch resolve(targets, jobs: true) {
            case .success(let indices): names = indices.map { lifecycle.instances[$0].name }
            case .failure(let refusal):
                server.send(ControlReply.failure(refusal.message), to: client, now: now)
                return
            }
        }
        server.send(ControlReply.success([("instances", .array(names.map { .string($0) }))]), to: client, now: now)
        for line in logRing.last(lines, of: names) { client.queue(Self.logLine(line), now: now) }
        if follow {
            client.following = Set(names)
            client.followingAll = targets.isEmpty
            updateFollower()
        } else {
            client.closeWhenWritten = true
        }
    }
}
