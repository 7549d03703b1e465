import Procfile

/// Everything the exporters render, derived from a loaded project: roles, environment split
/// into public values and secret keys, and the settings. Pure: no I/O.
struct ExportPlan {
    let settings: ExportSettings
    let roles: [ProcessRole]
    /// `.env` keys and values, minus the `consumedKeys`.
    let environment: [(key: String, value: String)]
    /// The keys of `environment` that are secret (see ``SecretKeys``).
    let secretKeys: [String]
    /// Non-fatal notes for stderr.
    let warnings: [String]
    /// PORT of the first process type; type N gets base + 100 × N.
    let basePort: Int
    /// What each type waits for, with the release rule, among the types that run.
    let dependencies: Dependencies

    var app: String { settings.app }
    var publicEnvironment: [(key: String, value: String)] { environment.filter { !secretKeys.contains($0.key) } }
    var longRunning: [ProcessRole] { roles.filter { !$0.runsOnce } }
    var admin: [ProcessRole] { roles.filter(\.isAdmin) }
    var release: ProcessRole? { roles.first(where: \.isRelease) }

    /// The role of `type`.
    func role(_ type: String) -> ProcessRole? { roles.first { $0.type.name == type } }

    /// Builds the plan; every problem is collected before failing.
    static func make(project: Project, settings: ExportSettings) -> Result<ExportPlan, ExportProblems> {
        var problems: [String] = []
        var warnings: [String] = []
        guard let procfile = project.procfile else { return .failure(ExportProblems(["no Procfile loaded; pass it with -f/--procfile"])) }
        if !isLabel(settings.app) {
            problems.append("--app '\(settings.app)' is not a valid name; use lower-case letters, digits and '-' (at most 40, starting with a letter)")
        }
        var schedules: [String: Schedule] = [:]
        for schedule in settings.schedules {
            if procfile.processType(named: schedule.type) == nil {
                problems.append("unknown process type '\(schedule.type)' in --schedule; the Procfile \(project.procfilePath) defines: \(procfile.names.joined(separator: ", "))")
            } else if schedules[schedule.type] != nil {
                problems.append("--schedule given twice for '\(schedule.type)'; keep one")
            } else if project.formation.count(for: schedule.type) > 0 {
                problems.append("'\(schedule.type)' has a --schedule but runs \(project.formation.count(for: schedule.type)) instance(s) in the formation; make it an admin type with -m \(schedule.type)=0 (or FORMATION)")
            }
            schedules[schedule.type] = schedule
        }
        let roles = procfile.processTypes.enumerated().map { index, type in
            ProcessRole(type: type, replicas: settings.runs(type.name) ? project.formation.count(for: type.name) : 0,
                        port: project.basePort + 100 * index, schedule: schedules[type.name])
        }
        var labels: [String: String] = [:]
        for role in roles {
            if let other = labels[role.label] {
                problems.append("process types '\(other)' and '\(role.type.name)' both become '\(role.label)' in object names; rename one in the Procfile")
            }
            labels[role.label] = role.type.name
        }
        if roles.allSatisfy(\.isAdmin) {
            problems.append("the formation runs 0 instances of every type, so nothing would be long-running; set -m, e.g. -m web=2,backup-job=0")
        }
        let variables = project.environment.variables
        let environment = project.environment.fileKeys
            .filter { !consumedKeys.contains($0) }
            .map { (key: $0, value: variables[$0] ?? "") }
        let secretKeys = environment.filter {
            SecretKeys.isSecret($0.key, value: $0.value, marked: settings.secretKeys, public: settings.publicKeys)
        }.map(\.key)
        for key in settings.secretKeys + settings.publicKeys where !project.environment.fileKeys.contains(key) {
            warnings.append("--secret/--public key '\(key)' is in no .env file; it has no effect")
        }
        guard problems.isEmpty else { return .failure(ExportProblems(problems)) }
        let dependencies = Dependencies(
            policy: settings.policy, types: roles.map(\.type.name), running: Set(roles.filter { !$0.isAdmin }.map(\.type.name)))
        return .success(ExportPlan(
            settings: settings, roles: roles, environment: environment, secretKeys: secretKeys, warnings: warnings,
            basePort: project.basePort, dependencies: dependencies))
    }

    /// `.env` keys the export turns into the engine's own terms, so the exported environment
    /// does not carry them: FORMATION becomes replicas, PORT is set per role, and the policy
    /// and readiness variables become each engine's settings and the container's command
    /// (left in, the image's supervisor would apply them a second time). Checks, memory caps
    /// and schedules are the engine's (its probes, its limit, its scheduler): left in, the
    /// supervisor in a container would check, cap or schedule as well.
    static let consumedKeys: Set<String> = [
        "FORMATION", "PORT", "FORMATION_RESTART", "FORMATION_STOP_SIGNAL", "FORMATION_TIMEOUT", "FORMATION_READY", "FORMATION_AFTER",
        "FORMATION_CHECK", "FORMATION_CHECK_INTERVAL", "FORMATION_CHECK_TIMEOUT", "FORMATION_CHECK_FAILURES", "FORMATION_CHECK_DELAY",
        "FORMATION_MEMORY_MAX", "FORMATION_SCHEDULE",
    ]

    /// A DNS label for object names: lower case, `_` and other characters as `-`.
    static func label(_ name: String) -> String {
        String(name.lowercased().unicodeScalars.map { scalar -> Character in
            (scalar >= "a" && scalar <= "z") || (scalar >= "0" && scalar <= "9") ? Character(scalar) : "-"
        })
    }

    /// The default app name from the root directory's name: a label of at most 40 characters,
    /// starting with a letter (`app-` is put in front otherwise).
    static func defaultName(directory: String) -> String {
        var name = label(directory)
        if !(name.first.map { $0 >= "a" && $0 <= "z" } ?? false) { name = "app-" + name }
        name = String(name.prefix(40))
        while name.hasSuffix("-") { name.removeLast() }
        return name
    }

    /// True for `[a-z]([a-z0-9-]{0,38}[a-z0-9])?`.
    static func isLabel(_ name: String) -> Bool {
        let scalars = Array(name.unicodeScalars)
        guard let first = scalars.first, let last = scalars.last, scalars.count <= 40,
            first >= "a" && first <= "z", last != "-"
        else { return false }
        return scalars.allSatisfy { ($0 >= "a" && $0 <= "z") || ($0 >= "0" && $0 <= "9") || $0 == "-" }
    }
}
