import Procfile

/// Everything `start` reads from its options, the Procfile and the `.env` files: what the
/// formation runs and how. `start` builds one at the beginning; `reload` builds another the same
/// way (same options, same files, the supervisor's own environment of then) and applies the
/// difference (`FormationDiff`).
struct FormationSpec {
    let procfile: Procfile
    let basePort: Int
    /// The children's environment: the `.env` files layered under the supervisor's environment.
    let environment: [String: String]
    /// The formation's instances, with their shared-socket ports (`--socket`).
    let members: [SupervisedInstance]
    /// One job instance per admin type (formation count 0): run by its schedule or `trigger`.
    let jobs: [SupervisedInstance]
    let policy: FormationPolicy
    /// `--ready` (types not named: `Lifecycle.readiness(of:)`'s default).
    let readiness: [String: Readiness]
    /// `--socket`: types whose instances share one listening socket.
    let sockets: [String]
    /// `--watch` and `FORMATION_WATCH`: each watched type's absolute paths.
    var watches: [String: [String]] = [:]

    /// The process types in Procfile order.
    var types: [String] { procfile.processTypes.map(\.name) }

    /// Each type as the formation runs it, in Procfile order: what a reload compares.
    var definitions: [TypeDefinition] {
        procfile.processTypes.enumerated().map { index, type in
            let instances = members.filter { $0.type == type.name }
            return TypeDefinition(
                name: type.name, typeIndex: index, command: type.command, count: instances.count,
                ports: instances.map(\.port), isAdmin: jobs.contains { $0.type == type.name },
                policy: policy.policy(for: type.name), readiness: readiness[type.name])
        }
    }
}
