/// Which attributes a write returns.
public enum ReturnValues: String, Codable, Sendable {
    /// Nothing (the default).
    case none = "NONE"
    /// The whole item as it was.
    case allOld = "ALL_OLD"
    /// The changed attributes as they were.
    case updatedOld = "UPDATED_OLD"
    /// The whole item as it is now.
    case allNew = "ALL_NEW"
    /// The changed attributes as they are now.
    case updatedNew = "UPDATED_NEW"
}
