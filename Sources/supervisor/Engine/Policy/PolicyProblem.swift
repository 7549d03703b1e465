/// What is wrong with a `FormationPolicy`, as a value (the command line words it, naming the
/// option or variable it came from). `type` is nil for the default.
enum PolicyProblem: Equatable, Sendable {
    /// An override names a type the Procfile does not have.
    case unknownType(String, setting: PolicySetting)
    /// A stop signal that cannot be caught (SIGKILL, SIGSTOP) or is no signal.
    case badStopSignal(Int32, type: String?)
    /// A grace period below 0 or above `TypePolicy.maximumGracePeriod`.
    case badGracePeriod(Milliseconds, type: String?)
    /// `type` waits for a type the Procfile does not have.
    case unknownDependency(Dependency, type: String)
    /// `type` waits for a type with no instance in this run (`dependency=0` in the formation,
    /// `--no-release`, or not among the types asked for).
    case disabledDependency(Dependency, type: String)
    /// A schedule on a type that runs instances of its own (a schedule is for an admin type).
    case scheduledLongRunning(String)
    /// Types that wait for each other, in order, the first repeated at the end (`a b a`).
    case cycle([String])
}
