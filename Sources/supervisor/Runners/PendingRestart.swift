import ControlProtocol

/// A control request answered once the restarts it asked for are done: `restart`, or a
/// `reload` that restarts changed types (its plan is part of the answer).
struct PendingRestart {
    let client: ControlClient
    let since: Milliseconds
    /// The answer's first word: `restarted`, `reloaded`.
    var verb = "restarted"
    /// A reload's plan, sent with the answer.
    var plan: [String] = []
}
