/// Where dynamic configuration documents come from: a file, the AppConfig Data API or the
/// AppConfig Agent. Implementations remember what they last returned and answer `.unchanged`
/// when nothing is new.
public protocol ConfigDocumentSource: Sendable {
    /// Fetches the document if it changed since the last fetch.
    func fetch() async throws -> ConfigFetchResult
}
