/// Where dynamic configuration documents come from: a file, the AppConfig Data API or the
/// AppConfig Agent. Implementations remember what they last returned and answer `.unchanged`
/// when nothing is new.
public protocol ConfigDocumentSource: Sendable {
    /// Where the documents come from, for messages: `file config/app-config.json`,
    /// `AppConfig application/environment/profile`, `AppConfig Agent URL`.
    var name: String { get }

    /// Fetches the document if it changed since the last fetch.
    func fetch() async throws -> ConfigFetchResult
}
