import Glibc

/// The decisions of a supervisor, as a value: every instance's state and the formation's phase.
/// Events go in (`handle`), actions come out; it never calls the system, reads a clock or
/// prints, so every stop path, restart and give-up is tested as a table of events and actions
/// (`LifecycleTests`). `FormationRunner` (`supervisor start`) and `OneOffRunner`
/// (`supervisor run`) deliver the events and carry out the actions.
struct Lifecycle: Sendable {
    struct Options: Equatable, Sendable {
        /// Each type's restart policy, stop signal and grace period.
        var policy = FormationPolicy()
        var backoff = Backoff()
        var restartLimit = RestartLimit()
        var signalRoles = SignalRole.formation
        /// `--ready TYPE=MODE`; types not named are `started`.
        var readiness: [String: Readiness] = [:]
        /// `--ready-timeout`: a run not ready by then has failed.
        var readyTimeout: Milliseconds = 60_000
        /// `--socket TYPE`: types whose instances share one listening socket, so that a restart
        /// starts the replacement first and stops the old run once the new one is ready.
        var sharedSockets: Set<String> = []
    }

    enum Phase: Equatable, Sendable {
        case running
        case stopping(Stop)
        case finished(exitStatus: Int32)
    }

    /// A stop in progress.
    struct Stop: Equatable, Sendable {
        let reason: StopReason
        /// Why, in words (each wave of the stop reports it).
        var because = ""
        /// Types not signalled yet, in stop order: each gets its signal once every type that
        /// waits for it is gone (`Dependencies.stopOrder`).
        var unsignaled: [String] = []
        /// The longest grace period's end (strays get SIGKILL then); after SIGKILL to
        /// everything, the end of `killPatience`.
        var deadline: Milliseconds
        /// Each signalled group's own deadline, from its type's grace period.
        var groupDeadlines: [pid_t: Milliseconds] = [:]
        /// Groups that got SIGKILL at their own deadline.
        var killedGroups: Set<pid_t> = []
        /// A second interrupt asked for SIGKILL at once (done at the next tick, with a survey).
        var killRequested = false
        var killSent = false
        /// Something needed SIGKILL (exit status 137 after a signal).
        var killedAny = false
        /// Stray children that already got the default stop signal.
        var signaledStrays: Set<pid_t> = []
    }

    /// How long processes get to die after SIGKILL before the supervisor exits without them
    /// (uninterruptible sleep).
    static let killPatience: Milliseconds = 5000
    /// While stopping, how often to look again: group members re-parented elsewhere send us no SIGCHLD.
    static let stoppingSurveyInterval: Milliseconds = 20
    /// While a group lingers after its leader, how often to look whether it emptied.
    static let lingeringSurveyInterval: Milliseconds = 100
    /// The first retry of a refused fork; it doubles up to `forkRetryMaximum`.
    static let forkRetryInitial: Milliseconds = 100
    static let forkRetryMaximum: Milliseconds = 5000
    /// How often a `port` readiness check tries to connect.
    static let portProbeInterval: Milliseconds = 50

    /// A reload replaces them (see `Lifecycle+Reload`).
    var options: Options
    /// What each type waits for, among the types of `instances` (`--after`, the release rule).
    var dependencies: Dependencies
    var instances: [SupervisedInstance]
    /// Groups whose leader exited while other members live on; SIGKILL at their deadline.
    var lingering: [LingeringGroup] = []
    /// Old runs replaced by a rolling restart (and replacements given up on), draining after
    /// SIGTERM; SIGKILL at their deadline.
    var draining: [LingeringGroup] = []
    var phase = Phase.running
    /// The instance whose `.spawn` is being carried out: one at a time, so that a failure that
    /// stops the formation stops the remaining starts too.
    var spawning: Int?
    /// Requested restarts waiting their turn, and the one in progress (see `Lifecycle+Requests`).
    var restartQueue: [Int] = []
    var restarting: Int?
    /// When the loop last sampled the memory of capped groups (`--memory-max`, see `Lifecycle+Memory`).
    var memorySampledAt: Milliseconds?
    /// Each checked run's health check (`--check`), by the run's group: current runs and
    /// replacements (see `Lifecycle+Checks`).
    var checks: [pid_t: HealthCheckState] = [:]
    /// Admin types a reload removed: their job instances take no more runs.
    var removedTypes: Set<String> = []

    init(instances: [SupervisedInstance], options: Options) {
        self.instances = instances
        self.options = options
        self.dependencies = Self.graph(of: instances, policy: options.policy)
        for index in self.instances.indices { self.instances[index].readiness = readiness(of: self.instances[index]) }
    }

    /// The readiness mode of `instance`: its type's `--ready`; for a type with a health check and
    /// no `--ready` of its own, the check's first success. A job's run (an admin type's) is ready
    /// once spawned: it runs to its end, and nothing waits for it to serve.
    func readiness(of instance: SupervisedInstance) -> Readiness {
        if instance.isJob { return .started }
        if let mode = options.readiness[instance.type] { return mode }
        return options.policy.policy(for: instance.type).check != nil ? .check : .started
    }

    /// The dependency graph of the types of `instances`, in Procfile order.
    static func graph(of instances: [SupervisedInstance], policy: FormationPolicy) -> Dependencies {
        var types: [String] = []
        for instance in instances.sorted(by: { $0.typeIndex < $1.typeIndex }) where !types.contains(instance.type) { types.append(instance.type) }
        return Dependencies(policy: policy, types: types)
    }

    /// Takes one event; returns what to do, in order.
    mutating func handle(_ event: LifecycleEvent) -> [LifecycleAction] {
        var actions: [LifecycleAction] = []
        let now: Milliseconds
        switch event {
        case .begin(let at):
            now = at
            for index in instances.indices where !instances[index].isJob { instances[index].startAt = now }
        case .spawned(let index, let pid, let at):
            now = at
            spawned(index, pid: pid, now: now, into: &actions)
        case .spawnFailed(let index, let reason, let forkRefused, let at):
            now = at
            spawnFailed(index, reason: reason, forkRefused: forkRefused, now: now, into: &actions)
        case .reaped(let ended, let at):
            now = at
            reaped(ended, now: now, into: &actions)
        case .request(let request, let at):
            now = at
            requested(request, now: now, into: &actions)
        case .signal(let signal, let at):
            now = at
            received(signal, now: now, into: &actions)
        case .tick(let at, let survey):
            now = at
            tick(now: now, survey: survey, into: &actions)
        case .notify(let group, let message, let at):
            now = at
            notified(group: group, message, now: now, into: &actions)
        case .portOpen(let group, let at):
            now = at
            portOpened(group: group, now: now, into: &actions)
        case .memory(let usage, let at):
            now = at
            memorySampled(usage, now: now, into: &actions)
        case .checked(let group, let result, let at):
            now = at
            checked(group: group, result, now: now, into: &actions)
        }
        restartOverMemory(now: now, into: &actions)
        startDue(now: now, into: &actions)
        superviseChecks(now: now, into: &actions)
        signalNextTypes(now: now, into: &actions)
        return actions
    }

    var isRunning: Bool { phase == .running }

    var isFinished: Bool {
        if case .finished = phase { return true }
        return false
    }

    /// The exit status once finished.
    var exitStatus: Int32? {
        if case .finished(let status) = phase { return status }
        return nil
    }

    /// The instance whose current run has this leader.
    func instance(leading pid: pid_t) -> Int? {
        instances.firstIndex { $0.pid == pid }
    }

    /// Every process group still alive (running leaders, then lingering groups) with a name and type.
    var liveGroups: [(pgid: pid_t, name: String, type: String)] {
        instances.compactMap { instance in instance.pid.map { ($0, instance.name, instance.type) } }
            + instances.compactMap { instance in instance.replacement.map { ($0.pid, instance.name, instance.type) } }
            + (draining + lingering).map { ($0.pgid, $0.name, $0.type) }
    }

    /// The policy of the instance's type.
    func policy(_ index: Int) -> TypePolicy { options.policy.policy(for: instances[index].type) }

    /// The leaders of the current runs, of replacements and of draining runs.
    var leaders: Set<pid_t> {
        Set(instances.compactMap(\.pid) + instances.compactMap(\.replacement?.pid) + draining.map(\.pgid))
    }

    /// What the loop should look at before the next tick: lingering groups, and while stopping
    /// the supervisor's stray children.
    var surveyRequest: Survey.Request {
        var request = Survey.Request(groups: lingering.map(\.pgid))
        if case .stopping = phase { request.strays = true }
        return request
    }

    /// When the lifecycle next needs a tick, or nil when only an event can change anything.
    func nextDeadline(now: Milliseconds) -> Milliseconds? {
        var next = Milliseconds.max
        if isRunning {
            for instance in instances {
                // A waiting instance is woken by the event that meets its dependencies.
                if let due = instance.startAt, instance.waitingFor.isEmpty { next = min(next, due) }
                if let due = instance.stopDeadline, instance.pid != nil { next = min(next, due) }
                if instance.pid != nil, let due = instance.readyDeadline { next = min(next, due) }
                if instance.pid != nil, let due = instance.watchdogDeadline { next = min(next, due) }
                if let due = instance.replacement?.readyDeadline { next = min(next, due) }
            }
            for group in lingering + draining { next = min(next, group.deadline) }
            if !portProbes.isEmpty { next = min(next, now + Self.portProbeInterval) }
            if let due = nextCheckDeadline { next = min(next, due) }
            if !lingering.isEmpty { next = min(next, now + Self.lingeringSurveyInterval) }
            if let due = memorySampleDue { next = min(next, due) }
        }
        if case .stopping(let stop) = phase {
            next = min(next, stop.deadline, now + Self.stoppingSurveyInterval)
            if !stop.killSent {
                for (pgid, due) in stop.groupDeadlines where !stop.killedGroups.contains(pgid) { next = min(next, due) }
            }
        }
        return next == .max ? nil : next
    }
}
