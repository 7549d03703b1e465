/// What a refresh of the dynamic configuration did.
public enum RefreshOutcome: Sendable, Equatable {
    /// The document changed; the new table name is in effect.
    case changed(tableName: String)
    /// The document is the same as before.
    case unchanged
}
