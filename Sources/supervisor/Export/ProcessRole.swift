import Procfile

/// How one process type is deployed: long-running (a formation count above 0), an admin
/// type (count 0), run by hand or on its schedule, or the release phase (a type named
/// `release` that runs: once, before every other type).
struct ProcessRole {
    let type: ProcessType
    /// Instances from the formation; 0 for admin types.
    let replicas: Int
    /// PORT inside a container or unit running this type alone (foreman's base + 100 × index).
    let port: Int
    let schedule: Schedule?

    var isAdmin: Bool { replicas == 0 }
    /// Heroku's release phase: `release` with a count above 0 (`--no-release` makes it 0) runs
    /// once to completion, and every other type waits for it to succeed.
    var isRelease: Bool { type.name == FormationPolicy.releaseType && replicas > 0 }
    /// Admin types and the release phase run to completion (`supervisor run`), never as a service.
    var runsOnce: Bool { isAdmin || isRelease }
    /// Only `web` receives HTTP traffic (the Heroku convention): it gets the port mapping,
    /// the Service, the load balancer and the health checks on `/`.
    var isWeb: Bool { type.name == "web" }
    /// The type's name as a DNS label (lower case, `_` as `-`) for Kubernetes and ECS names.
    var label: String { ExportPlan.label(type.name) }
}
