/// What one fetch of the dynamic configuration found.
public enum ConfigFetchResult: Sendable, Equatable {
    /// A new document (its bytes) and its version label, if the source gives one.
    case changed(document: [UInt8], version: String?)
    /// The same document as last time (or too early to ask again).
    case unchanged
}
