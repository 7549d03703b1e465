/// A reload as the lifecycle applies it, all at once: the new options, the instances' new
/// definitions, a scale (counts, added and removed types) and the restarts of the running
/// instances whose type changed (see `Lifecycle+Reload`). The runner plans it from a
/// `FormationDiff`.
struct ReloadChange: Equatable, Sendable {
    var options: Lifecycle.Options
    /// Existing instances' next command, port and Procfile position, by index.
    var definitions: [Int: InstanceDefinition] = [:]
    var retire: [Int] = []
    /// Retired instances that come back, with what they run now.
    var revive: [Int: InstanceDefinition] = [:]
    /// New formation instances and new admin types' job instances.
    var add: [SupervisedInstance] = []
    /// Admin types gone from the formation: their job instances take no more runs (one going
    /// now ends on its own).
    var removedAdminTypes: [String] = []
    /// Running instances to restart one at a time, in order (rolling on a shared socket).
    var restart: [Int] = []
}
