/// Every type's `TypePolicy`: a default for all, and the settings given for one type, which win
/// (`--restart clock=always` over `--restart never`). Settings are overridden one by one, so a
/// type with its own stop signal keeps the default grace period.
struct FormationPolicy: Equatable, Sendable {
    var defaults = TypePolicy()
    var restartByType: [String: RestartPolicy] = [:]
    var stopSignalByType: [String: Int32] = [:]
    var gracePeriodByType: [String: Milliseconds] = [:]

    /// The policy in effect for `type`.
    func policy(for type: String) -> TypePolicy {
        TypePolicy(
            restart: restartByType[type] ?? defaults.restart,
            stopSignal: stopSignalByType[type] ?? defaults.stopSignal,
            gracePeriod: gracePeriodByType[type] ?? defaults.gracePeriod)
    }

    /// Whether `type` has a restart policy of its own. The default `never` keeps foreman's
    /// meaning (any exit stops the formation); a type's own `never` lets a clean exit end just
    /// that instance, as a one-shot (a failure still stops the formation).
    func hasOwnRestart(_ type: String) -> Bool { restartByType[type] != nil }

    /// The longest grace period of any type (the watchdog's, which knows one for all groups).
    var longestGracePeriod: Milliseconds {
        gracePeriodByType.values.reduce(defaults.gracePeriod, max)
    }

    /// Every problem at once: overrides of types `knownTypes` does not have, signals that
    /// cannot stop a run gracefully, grace periods out of range.
    func validate(knownTypes: [String]) -> [PolicyProblem] {
        let known = Set(knownTypes)
        var problems: [PolicyProblem] = []
        let named: [(PolicySetting, [String])] = [
            (.restart, restartByType.keys.sorted()), (.stopSignal, stopSignalByType.keys.sorted()),
            (.gracePeriod, gracePeriodByType.keys.sorted()),
        ]
        for (setting, types) in named {
            problems += types.filter { !known.contains($0) }.map { .unknownType($0, setting: setting) }
        }
        let signals = [(nil, defaults.stopSignal)] + stopSignalByType.sorted { $0.key < $1.key }.map { (Optional($0.key), $0.value) }
        problems += signals.filter { !TypePolicy.isStopSignal($0.1) }.map { .badStopSignal($0.1, type: $0.0) }
        let graces = [(nil, defaults.gracePeriod)] + gracePeriodByType.sorted { $0.key < $1.key }.map { (Optional($0.key), $0.value) }
        problems += graces.filter { !(0...TypePolicy.maximumGracePeriod).contains($0.1) }.map { .badGracePeriod($0.1, type: $0.0) }
        return problems
    }
}
