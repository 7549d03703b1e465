import ControlProtocol
import Procfile

/// `supervisor reload` and SIGHUP: the Procfile, the `.env` files and the policy are read again
/// exactly as `start` read them (`FormationRunner.Options.reread`), checked whole (any problem:
/// nothing changes), compared with the running formation (`FormationDiff`) and only the
/// difference applied (`Lifecycle+Reload`).
extension FormationRunner {
    /// A reload ready to apply: the files read again, the change and its words.
    struct PlannedReload {
        let spec: FormationSpec
        let change: ReloadChange
        let lines: [String]
    }

    /// The control request: refused with every problem (the client exits 78), answered with the
    /// plan at once for a dry run or when nothing restarts, else once the restarts are done.
    func serveReload(dryRun: Bool, from client: ControlClient, now: Milliseconds) {
        guard let server = controlServer else { return }
        let what = dryRun ? "reload --dry-run" : "reload"
        guard lifecycle.isRunning else {
            sink.event(.request(what: what, peer: client.peer, outcome: "the formation is stopping", refused: true))
            server.send(ControlReply.failure("the formation is stopping"), to: client, now: now)
            return
        }
        switch planReload() {
        case .failure(let error):
            let problems = error.problems
            sink.event(.request(what: what, peer: client.peer, outcome: "nothing changed: " + problems.joined(separator: "; "), refused: true))
            server.send(ControlReply.failure(
                "nothing changed: \(problems.count == 1 ? "a problem" : "\(problems.count) problems") in the files read again",
                [("problems", .array(problems.map(JSONValue.string)))]), to: client, now: now)
        case .success(let planned):
            let plan: [(String, JSONValue)] = [("plan", .array(planned.lines.map(JSONValue.string)))]
            if dryRun {
                sink.event(.request(what: what, peer: client.peer, outcome: Self.summary(planned.lines), refused: false))
                server.send(ControlReply.success([("message", .string(planned.lines.isEmpty ? "dry run: nothing would change" : "dry run: nothing applied"))] + plan), to: client, now: now)
                return
            }
            apply(planned, by: "reload (from pid \(client.peer.pid), uid \(client.peer.uid))", now: now)
            if planned.change.restart.isEmpty {
                server.send(ControlReply.success([("message", .string(planned.lines.isEmpty ? "nothing changed" : "reloaded"))] + plan), to: client, now: now)
            } else {
                if pendingRestarts.isEmpty { rollAborts = [] }
                pendingRestarts.append(PendingRestart(client: client, since: now, verb: "reloaded", plan: planned.lines))
                client.awaitingAnswer = true
            }
        }
    }

    /// SIGHUP (`--sighup reload`): the same reload; problems are warnings, nothing changes.
    func reloadOnSignal(now: Milliseconds) {
        guard lifecycle.isRunning else { return }
        switch planReload() {
        case .failure(let error):
            sink.event(.warning("SIGHUP: nothing changed: " + error.problems.joined(separator: "; ")))
        case .success(let planned):
            apply(planned, by: "SIGHUP", now: now)
        }
    }

    /// Reads the files again and plans the change, or says every reason it cannot be applied.
    func planReload() -> Result<PlannedReload, Project.LoadError> {
        guard let reread = options.reread, let current = options.spec else {
            return .failure(Project.LoadError(problems: ["this formation was started without the files to read again"]))
        }
        let next: FormationSpec
        do {
            next = try reread()
        } catch {
            return .failure(error)
        }
        let diff = FormationDiff.make(
            old: current.definitions, new: next.definitions, oldEnvironment: current.environment,
            newEnvironment: next.environment, oldSockets: current.sockets, newSockets: next.sockets)
        if !diff.problems.isEmpty { return .failure(Project.LoadError(problems: diff.problems)) }
        switch reloadChange(from: current, to: next, diff: diff) {
        case .failure(let error): return .failure(error)
        case .success(let change):
            let lines = diff.changes.map(\.description) + Self.watchChanges(from: current.watches, to: next.watches, root: options.directory)
            return .success(PlannedReload(spec: next, change: change, lines: lines))
        }
    }

    /// Applies a planned reload: the runner's own settings first (the restarts it starts spawn
    /// with them), then the lifecycle's.
    func apply(_ planned: PlannedReload, by: String, now: Milliseconds) {
        let schedulesChanged = planned.change.options.policy.scheduleByType != options.lifecycle.policy.scheduleByType
        options.environment = planned.spec.environment
        options.procfile = planned.spec.procfile
        options.basePort = planned.spec.basePort
        options.lifecycle = planned.change.options
        options.spec = planned.spec
        // The scheduler is made again from the new schedules at the next turn.
        if schedulesChanged { jobs.scheduler = nil }
        if planned.spec.watches != options.watches { updateWatches(planned.spec.watches) }
        sink.event(.reloaded(by: by, changes: planned.lines))
        perform(lifecycle.handle(.request(.reload(planned.change), now: now)), now: now)
    }

    /// The lifecycle's part: new instances, retired ones and restarts, by index.
    private func reloadChange(from current: FormationSpec, to next: FormationSpec, diff: FormationDiff) -> Result<ReloadChange, Project.LoadError> {
        let oldCounts = Dictionary(current.definitions.map { ($0.name, $0.count) }) { first, _ in first }
        // A count changed in the files is a scale; otherwise a `scale` made since start stays.
        let counts = Dictionary(next.definitions.map { definition in
            (definition.name, oldCounts[definition.name] == definition.count ? self.activeCount(of: definition.name) : definition.count)
        }) { first, _ in first }
        let planned: [Instance]
        do {
            planned = try InstancePlan.make(procfile: next.procfile, counts: { counts[$0.name] ?? 0 }, basePort: next.basePort)
        } catch {
            return .failure(Project.LoadError(problems: error.problems.map { "reload: \($0.description)" }))
        }
        let types = next.types
        var change = ReloadChange(options: lifecycle.options)
        change.options.policy = next.policy
        change.options.readiness = next.readiness
        change.options.sharedSockets = Set(next.sockets)
        let wanted = Dictionary(planned.map { ($0.name, $0) }) { first, _ in first }
        let existing = lifecycle.instances
        // Retired instances that come back get theirs with the scale (`scaleParts`' revive).
        for index in existing.indices where !existing[index].isJob && !existing[index].retired {
            guard let instance = wanted[existing[index].name] else { continue }
            change.definitions[index] = definition(of: instance, types: types)
        }
        (change.retire, change.revive, change.add) = scaleParts(planned, types: types)
        for job in next.jobs {
            if let index = existing.indices.first(where: { existing[$0].isJob && existing[$0].type == job.type }) {
                change.definitions[index] = InstanceDefinition(command: job.command, port: job.port, typeIndex: job.typeIndex)
            } else {
                change.add.append(job)
            }
        }
        change.removedAdminTypes = current.jobs.map(\.type).filter { type in !next.jobs.contains { $0.type == type } }
        let retired = Set(change.retire)
        let restarted = diff.restartedTypes
        change.restart = existing.indices.filter { index in
            let instance = existing[index]
            return !instance.isJob && !instance.retired && instance.pid != nil && !retired.contains(index) && restarted.contains(instance.type)
        }.sorted { (existing[$0].typeIndex, Self.number(existing[$0].name)) < (existing[$1].typeIndex, Self.number(existing[$1].name)) }
        return .success(change)
    }

    /// The plan's lines for `--watch` and FORMATION_WATCH read again (nothing restarts for them).
    static func watchChanges(from old: [String: [String]], to new: [String: [String]], root: String) -> [String] {
        let prefix = root.hasSuffix("/") ? root : root + "/"
        let shown = { (paths: [String]) in paths.map { $0.hasPrefix(prefix) ? String($0.dropFirst(prefix.count)) : $0 }.joined(separator: ", ") }
        return Set(old.keys).union(new.keys).sorted().compactMap { type in
            guard old[type] != new[type] else { return nil }
            guard let paths = new[type] else { return "\(type): no longer watched" }
            return "\(type): now watching \(shown(paths))"
        }
    }

    /// `web: restarting ...; worker: new, ...`, or `nothing changed`.
    static func summary(_ lines: [String]) -> String {
        lines.isEmpty ? "nothing changed" : lines.joined(separator: "; ")
    }
}
