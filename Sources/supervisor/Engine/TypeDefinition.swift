/// One process type as a formation runs it: what `reload` compares between the running
/// formation and the files read again (see `FormationDiff`).
struct TypeDefinition: Equatable, Sendable {
    let name: String
    /// Its position in the Procfile (its colour, its port block).
    let typeIndex: Int
    let command: String
    /// Instances in the formation (0: an admin type, or one left out of this run).
    let count: Int
    /// The instances' ports, in instance order (all the same with `--socket`).
    let ports: [Int]
    /// Run by a schedule or `supervisor trigger` (count 0, not left out by `--no-release`).
    let isAdmin: Bool
    let policy: TypePolicy
    /// Its own `--ready` (nil: the default of `Lifecycle.readiness(of:)`).
    let readiness: Readiness?
}
