/// Every type's `TypePolicy`: a default for all, and the settings given for one type, which win
/// (`--restart clock=always` over `--restart never`). Settings are overridden one by one, so a
/// type with its own stop signal keeps the default grace period.
struct FormationPolicy: Equatable, Sendable {
    var defaults = TypePolicy()
    var restartByType: [String: RestartPolicy] = [:]
    var stopSignalByType: [String: Int32] = [:]
    var gracePeriodByType: [String: Milliseconds] = [:]
    /// `--after TYPE=DEP:CONDITION`: what each type waits for (no default for all types).
    var afterByType: [String: [Dependency]] = [:]
    /// `--check TYPE=PROBE`: each type's probe (no default for all types).
    var checkByType: [String: HealthCheck.Probe] = [:]
    /// `--check-interval`, `--check-timeout`, `--check-failures`, `--check-delay`: the default
    /// timing, and each type's own settings, overridden one by one.
    var checkTiming = HealthCheck.Timing()
    var checkIntervalByType: [String: Milliseconds] = [:]
    var checkTimeoutByType: [String: Milliseconds] = [:]
    var checkFailuresByType: [String: Int] = [:]
    var checkDelayByType: [String: Milliseconds] = [:]
    /// `--memory-max`: a cap for every type (`defaults.memoryMax`) and each type's own.
    var memoryMaxByType: [String: Int] = [:]
    /// `--schedule TYPE=WHEN`: each scheduled type's schedule.
    var scheduleByType: [String: Schedule] = [:]

    /// Heroku's release phase: a type with this name runs once before every other type.
    static let releaseType = "release"

    /// The policy in effect for `type`.
    func policy(for type: String) -> TypePolicy {
        TypePolicy(
            restart: restartByType[type] ?? (type == Self.releaseType ? .never : defaults.restart),
            stopSignal: stopSignalByType[type] ?? defaults.stopSignal,
            gracePeriod: gracePeriodByType[type] ?? defaults.gracePeriod,
            after: afterByType[type] ?? [],
            check: checkByType[type].map { HealthCheck(probe: $0, timing: checkTiming(for: type)) },
            memoryMax: memoryMaxByType[type] ?? defaults.memoryMax,
            schedule: scheduleByType[type])
    }

    /// The check timing in effect for `type` (whether or not it has a check).
    func checkTiming(for type: String) -> HealthCheck.Timing {
        HealthCheck.Timing(
            interval: checkIntervalByType[type] ?? checkTiming.interval, timeout: checkTimeoutByType[type] ?? checkTiming.timeout,
            failureThreshold: checkFailuresByType[type] ?? checkTiming.failureThreshold,
            initialDelay: checkDelayByType[type] ?? checkTiming.initialDelay)
    }

    /// Whether `type` has a restart policy of its own. The default `never` keeps foreman's
    /// meaning (any exit stops the formation); a type's own `never` lets a clean exit end just
    /// that instance, as a one-shot (a failure still stops the formation). `release` is a
    /// one-shot unless given a policy of its own.
    func hasOwnRestart(_ type: String) -> Bool { restartByType[type] != nil || type == Self.releaseType }

    /// What `type` waits for when the types in `running` have instances: its own `after`, and
    /// the release rule: when `release` runs, every other type waits for `release:succeeded`
    /// (unless it names `release` itself). `--no-release` or `release=0` leave it out of `running`.
    func dependencies(of type: String, running: Set<String>) -> [Dependency] {
        let own = afterByType[type] ?? []
        guard type != Self.releaseType, running.contains(Self.releaseType), !own.contains(where: { $0.type == Self.releaseType }) else { return own }
        return [Dependency(type: Self.releaseType, condition: .succeeded)] + own
    }

    /// Every problem at once: overrides of types `knownTypes` does not have, signals that
    /// cannot stop a run gracefully, grace periods out of range, dependencies on types unknown
    /// or without instances in `running` (nil: every known type runs), schedules on types in
    /// `running`, and cycles.
    func validate(knownTypes: [String], running: [String]? = nil) -> [PolicyProblem] {
        let known = Set(knownTypes)
        var problems: [PolicyProblem] = []
        let named: [(PolicySetting, [String])] = [
            (.restart, restartByType.keys.sorted()), (.stopSignal, stopSignalByType.keys.sorted()),
            (.gracePeriod, gracePeriodByType.keys.sorted()), (.after, afterByType.keys.sorted()),
            (.check, checkByType.keys.sorted()), (.checkInterval, checkIntervalByType.keys.sorted()),
            (.checkTimeout, checkTimeoutByType.keys.sorted()), (.checkFailures, checkFailuresByType.keys.sorted()),
            (.checkDelay, checkDelayByType.keys.sorted()), (.memoryMax, memoryMaxByType.keys.sorted()),
            (.schedule, scheduleByType.keys.sorted()),
        ]
        for (setting, types) in named {
            problems += types.filter { !known.contains($0) }.map { .unknownType($0, setting: setting) }
        }
        let signals = [(nil, defaults.stopSignal)] + stopSignalByType.sorted { $0.key < $1.key }.map { (Optional($0.key), $0.value) }
        problems += signals.filter { !TypePolicy.isStopSignal($0.1) }.map { .badStopSignal($0.1, type: $0.0) }
        let graces = [(nil, defaults.gracePeriod)] + gracePeriodByType.sorted { $0.key < $1.key }.map { (Optional($0.key), $0.value) }
        problems += graces.filter { !(0...TypePolicy.maximumGracePeriod).contains($0.1) }.map { .badGracePeriod($0.1, type: $0.0) }
        let running = Set(running ?? knownTypes)
        for type in knownTypes where running.contains(type) {
            for dependency in afterByType[type] ?? [] where !known.contains(dependency.type) {
                problems.append(.unknownDependency(dependency, type: type))
            }
            for dependency in afterByType[type] ?? [] where known.contains(dependency.type) && !running.contains(dependency.type) {
                problems.append(.disabledDependency(dependency, type: type))
            }
        }
        problems += scheduleByType.keys.sorted().filter { running.contains($0) }.map { .scheduledLongRunning($0) }
        problems += Dependencies(policy: self, types: knownTypes, running: running).cycles.map { .cycle($0) }
        return problems
    }
}
