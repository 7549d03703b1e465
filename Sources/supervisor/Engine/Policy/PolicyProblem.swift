/// What is wrong with a `FormationPolicy`, as a value (the command line words it, naming the
/// option or variable it came from). `type` is nil for the default.
enum PolicyProblem: Equatable, Sendable {
    /// An override names a type the Procfile does not have.
    case unknownType(String, setting: PolicySetting)
    /// A stop signal that cannot be caught (SIGKILL, SIGSTOP) or is no signal.
    case badStopSignal(Int32, type: String?)
    /// A grace period below 0 or above `TypePolicy.maximumGracePeriod`.
    case badGracePeriod(Milliseconds, type: String?)
}
