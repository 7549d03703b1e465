/// What happens when a child of the formation exits on its own.
enum RestartPolicy: String, CaseIterable, Sendable {
    /// foreman's semantics: any exit stops the whole formation.
    case never
    /// Restart after a failure (non-zero status or a signal); a clean exit ends that instance.
    case onFailure = "on-failure"
    /// Restart after every exit.
    case always
}
