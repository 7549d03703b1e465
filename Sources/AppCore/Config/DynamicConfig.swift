/// The process's cached dynamic configuration: the one piece of state a `web` process keeps
/// between requests. It is read once at start and again only on ``refresh()``, which keeps the
/// last good document when the source fails.
public actor DynamicConfig {
    /// Where the document comes from.
    public nonisolated let source: any ConfigDocumentSource
    /// The table used when the document has no `TableName` (`TABLE_NAME`).
    public nonisolated let fallbackTableName: String?
    private var document: ConfigDocument
    private var effectiveTableName: String

    /// Fetches the document once; fails when it cannot be had or names no table and there is no
    /// fallback.
    public init(source: any ConfigDocumentSource, fallbackTableName: String?) async throws(ConfigFetchError) {
        self.source = source
        self.fallbackTableName = fallbackTableName
        let document = try await source.fetch()
        self.document = document
        self.effectiveTableName = try Self.tableName(in: document, fallback: fallbackTableName, origin: source.origin)
    }

    /// The table the app reads now.
    public var tableName: String { effectiveTableName }

    /// Fetches the document again. `.changed` when its bytes differ from the cached one's (then
    /// the new table name is in effect), `.unchanged` otherwise. On failure the cached document
    /// stays in effect and the error is thrown.
    public func refresh() async throws(ConfigFetchError) -> RefreshOutcome {
        let fresh = try await source.fetch()
        guard fresh.raw != document.raw else { return .unchanged }
        let name = try Self.tableName(in: fresh, fallback: fallbackTableName, origin: source.origin)
        document = fresh
        effectiveTableName = name
        return .changed(tableName: name)
    }

    private static func tableName(in document: ConfigDocument, fallback: String?, origin: String) throws(ConfigFetchError) -> String {
        guard let name = document.tableName ?? fallback else {
            throw ConfigFetchError(origin: origin, reason: "the document has no TableName and TABLE_NAME is not set")
        }
        return name
    }
}
