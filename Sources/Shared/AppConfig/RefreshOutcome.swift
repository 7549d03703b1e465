/// What ``DynamicConfig/refresh()`` did.
public enum RefreshOutcome: Sendable, Equatable {
    /// A new document was loaded; its version.
    case changed(version: String?)
    /// Nothing new.
    case unchanged
    /// Fetching or parsing failed; the last good document stays in force.
    case failed(reason: String)
}
