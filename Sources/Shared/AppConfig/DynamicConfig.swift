import Logging
import Synchronization

/// Holds the last good dynamic configuration document and its version. `refresh()` fetches from
/// the source and keeps the last good document when anything fails.
public actor DynamicConfig {
    private let source: any ConfigDocumentSource
    private let fallbackTableName: String?
    private let logger: Logger
    /// The last good document.
    public private(set) var document: ConfigDocument? {
        didSet { currentTableName.withLock { $0 = document?.tableName ?? fallbackTableName } }
    }
    /// Its version, when the source gives one.
    public private(set) var version: String?
    /// `tableName`, readable without a hop to the actor: `/hello` reads it on every request.
    /// Follows `document` (set in its `didSet`).
    private let currentTableName: Mutex<String?>

    /// Creates the holder; nothing is fetched until `refresh()`.
    public init(source: any ConfigDocumentSource, fallbackTableName: String? = nil, logger: Logger = Logger(label: "formation.config")) {
        self.source = source
        self.fallbackTableName = fallbackTableName
        self.logger = logger
        currentTableName = Mutex(fallbackTableName)
    }

    /// The table to use: the document's `TableName`, else `TABLE_NAME`.
    public nonisolated var tableName: String? {
        currentTableName.withLock { $0 }
    }

    /// Fetches and, if new and valid, installs the document.
    @discardableResult
    public func refresh() async -> RefreshOutcome {
        let result: ConfigFetchResult
        do {
            result = try await source.fetch()
        } catch {
            logger.warning("refreshing the configuration failed; keeping the last good one", metadata: ["error": "\(error)"])
            return .failed(reason: "\(error)")
        }
        switch result {
        case .unchanged:
            return .unchanged
        case .changed(let bytes, let newVersion):
            do {
                let parsed = try ConfigDocument.parse(bytes)
                if parsed == document, newVersion == version { return .unchanged }
                document = parsed
                version = newVersion
                logger.info("configuration changed", metadata: ["version": "\(newVersion ?? "none")", "table": "\(parsed.tableName ?? "none")"])
                return .changed(version: newVersion)
            } catch {
                let reason = "\(source.name): \(error.description)"
                logger.warning("the new configuration is invalid; keeping the last good one", metadata: ["error": "\(reason)"])
                return .failed(reason: reason)
            }
        }
    }

    /// Refreshes every `interval` until the task is cancelled (run it in a task group).
    public func poll(every interval: Duration) async {
        while !Task.isCancelled {
            await refresh()
            do { try await Task.sleep(for: interval) } catch { return }
        }
    }
}
