/// One thing a reload changes about one process type (see `FormationDiff`).
enum FormationChange: Equatable, Sendable {
    /// A type new to the formation (or that had no instances and was not an admin type) starts.
    case added(type: String, count: Int)
    /// A type gone from the Procfile (or from this run): its instances stop, in reverse start order.
    case removed(type: String, count: Int)
    /// A changed formation count: a scale.
    case scaled(type: String, from: Int, to: Int)
    /// Its running instances restart one at a time (rolling on a shared socket).
    case restarted(type: String, because: [Reason])
    /// An admin type appears, goes, or takes its next run with a new definition (nothing restarts).
    case adminAdded(type: String)
    case adminRemoved(type: String)
    case adminChanged(type: String, because: [Reason])

    /// What changed in a type's definition.
    enum Reason: Equatable, Sendable {
        case command
        /// The variables whose value changed, appeared or went (sorted).
        case environment([String])
        /// The options whose per-type value changed (`--restart`, `--memory-max`, ...).
        case policy([String])
        case ports
    }

    var type: String {
        switch self {
        case .added(let type, _), .removed(let type, _), .scaled(let type, _, _), .restarted(let type, _),
            .adminAdded(let type), .adminRemoved(let type), .adminChanged(let type, _):
            type
        }
    }
}
