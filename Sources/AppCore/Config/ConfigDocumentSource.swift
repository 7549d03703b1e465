/// Where the dynamic configuration document comes from. Implementations fetch it afresh on each
/// call; ``DynamicConfig`` keeps the last good one.
public protocol ConfigDocumentSource: Sendable {
    /// A short, secret-free description of the source, for messages.
    var origin: String { get }
    /// Fetches and parses the document.
    func fetch() async throws(ConfigFetchError) -> ConfigDocument
}
