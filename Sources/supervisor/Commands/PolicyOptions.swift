import ArgumentParser

/// `--restart`, `--stop-signal` and `-t/--timeout`: each `VALUE` (the default for every type) or
/// `TYPE=VALUE` (that type's own), repeatable and comma-separated; and `FORMATION_RESTART`,
/// `FORMATION_STOP_SIGNAL`, `FORMATION_TIMEOUT` (environment or .env) in the same spelling,
/// read first so that the command line wins.
struct PolicyOptions: ParsableArguments {
    @Option(help: "never | on-failure | always, for every type (default: never), or TYPE=POLICY for one, e.g. --restart clock=always. Repeatable, comma lists; also $FORMATION_RESTART.")
    var restart: [String] = []

    @Option(help: "The signal that stops a run, for every type (default: TERM), or TYPE=SIGNAL for one, e.g. --stop-signal worker=QUIT (a name with or without SIG, or a number). Repeatable, comma lists; also $FORMATION_STOP_SIGNAL.")
    var stopSignal: [String] = []

    @Option(name: [.customShort("t"), .long], help: "Seconds between the stop signal and SIGKILL, for every type (default: 5), or TYPE=SECONDS for one, e.g. -t worker=30. Repeatable, comma lists; also $FORMATION_TIMEOUT.")
    var timeout: [String] = []

    /// The formation's policy from `environment` and then these options; every problem at once
    /// (exit 78, as `--ready`).
    func policy(environment: [String: String], knownTypes: [String]) throws(SupervisorError) -> FormationPolicy {
        try Self.parse(restart: restart, stopSignal: stopSignal, timeout: timeout, environment: environment, knownTypes: knownTypes)
    }

    static func parse(
        restart: [String], stopSignal: [String], timeout: [String], environment: [String: String], knownTypes: [String]
    ) throws(SupervisorError) -> FormationPolicy {
        var policy = FormationPolicy()
        var problems: [String] = []
        let settings: [(PolicySetting, String, String, [String])] = [
            (.restart, "--restart", "FORMATION_RESTART", restart),
            (.stopSignal, "--stop-signal", "FORMATION_STOP_SIGNAL", stopSignal),
            (.gracePeriod, "--timeout", "FORMATION_TIMEOUT", timeout),
        ]
        for (setting, option, variable, values) in settings {
            let entries = (environment[variable].map { [(variable, $0)] } ?? []) + values.map { (option, $0) }
            for (source, value) in entries {
                for item in value.split(separator: ",").map({ String($0).trimmingSpaces }) where !item.isEmpty {
                    var single = FormationPolicy()
                    if let problem = apply(item, setting: setting, source: source, to: &single) {
                        problems.append(problem)
                        continue
                    }
                    let found = single.validate(knownTypes: knownTypes)
                    problems += found.map { word($0, item: item, source: source, knownTypes: knownTypes) }
                    if found.isEmpty { _ = apply(item, setting: setting, source: source, to: &policy) }
                }
            }
        }
        guard problems.isEmpty else {
            throw SupervisorError(code: .configuration, message: problems.joined(separator: "\n"), errno: nil)
        }
        return policy
    }

    /// Sets one `VALUE` or `TYPE=VALUE`; a line for the user when it does not parse.
    private static func apply(_ item: String, setting: PolicySetting, source: String, to policy: inout FormationPolicy) -> String? {
        let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map { String($0).trimmingSpaces }
        let type = parts.count == 2 ? parts[0] : nil
        let text = parts[parts.count - 1]
        let example = source.hasPrefix("-") ? "\(source) " : "\(source)="
        if type?.isEmpty == true { return "\(source) \(item.debugDescription) has no type before =; write TYPE=VALUE or VALUE alone" }
        switch setting {
        case .restart:
            guard let restart = RestartPolicy(rawValue: text) else {
                return "\(source) \(item.debugDescription): \(text.debugDescription) is not a restart policy; use never, on-failure or always, e.g. \(example)clock=always"
            }
            if let type { policy.restartByType[type] = restart } else { policy.defaults.restart = restart }
        case .stopSignal:
            guard let signal = SignalName.number(of: text) else {
                return "\(source) \(item.debugDescription): \(text.debugDescription) is not a signal; use a name (QUIT or SIGQUIT) or a number from 1 to 64, e.g. \(example)worker=QUIT"
            }
            if let type { policy.stopSignalByType[type] = signal } else { policy.defaults.stopSignal = signal }
        case .gracePeriod:
            guard let seconds = Double(text), seconds.isFinite, seconds >= 0, seconds <= 86_400 else {
                return "\(source) \(item.debugDescription): the grace period must be a number of seconds from 0 to 86400, e.g. \(example)worker=30"
            }
            let grace = Duration.seconds(seconds).milliseconds
            if let type { policy.gracePeriodByType[type] = grace } else { policy.defaults.gracePeriod = grace }
        }
        return nil
    }

    private static func word(_ problem: PolicyProblem, item: String, source: String, knownTypes: [String]) -> String {
        switch problem {
        case .unknownType(let type, _):
            return "\(source) \(item.debugDescription) names the type \(type.debugDescription), which the Procfile does not have; the Procfile's types are \(knownTypes.joined(separator: ", "))"
        case .badStopSignal(let signal, _):
            return "\(source) \(item.debugDescription): \(SignalName.of(signal)) cannot stop a run gracefully (it cannot be caught); use a catchable signal such as TERM, INT or QUIT"
        case .badGracePeriod:
            return "\(source) \(item.debugDescription): the grace period must be a number of seconds from 0 to 86400"
        }
    }
}
