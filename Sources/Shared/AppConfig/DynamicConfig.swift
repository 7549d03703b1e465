import Logging
import Synchronization

/// Holds the last good dynamic configuration document and its version. `refresh()` fetches from
/// the source and keeps the last good document when anything fails.
///
/// `refresh()` is safe to expose to the public (`/refresh-config`): one fetch runs at a time, and
/// callers that arrive while it runs wait for its outcome instead of starting another (single
/// flight). After a failure, calls within ``failureBackoff`` get that failure again without
/// fetching, so a failing source is asked at most once per backoff, however many ask.
public actor DynamicConfig {
    /// How long a failure is answered again without fetching, unless the initializer says otherwise.
    public static let defaultFailureBackoff: Duration = .seconds(5)

    private let source: any ConfigDocumentSource
    private let fallbackTableName: String?
    private let logger: Logger
    private let now: @Sendable () -> ContinuousClock.Instant
    /// After a failed fetch, how long its outcome is given again without fetching.
    public nonisolated let failureBackoff: Duration
    /// The last good document.
    public private(set) var document: ConfigDocument? {
        didSet { currentTableName.withLock { $0 = document?.tableName ?? fallbackTableName } }
    }
    /// Its version, when the source gives one.
    public private(set) var version: String?
    /// `tableName`, readable without a hop to the actor: `/hello` reads it on every request.
    /// Follows `document` (set in its `didSet`).
    private let currentTableName: Mutex<String?>
    /// The callers waiting for the fetch in flight; `nil` when none is in flight.
    private var waiting: [CheckedContinuation<RefreshOutcome, Never>]?
    /// The last failure and the instant until which it is the answer without fetching.
    private var heldFailure: (outcome: RefreshOutcome, until: ContinuousClock.Instant)?

    /// Creates the holder; nothing is fetched until `refresh()`. `now` is the clock of the
    /// failure backoff (tests advance their own).
    public init(
        source: any ConfigDocumentSource,
        fallbackTableName: String? = nil,
        failureBackoff: Duration = DynamicConfig.defaultFailureBackoff,
        logger: Logger = Logger(label: "formation.config"),
        now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }
    ) {
        self.source = source
        self.fallbackTableName = fallbackTableName
        self.failureBackoff = failureBackoff
        self.logger = logger
        self.now = now
        currentTableName = Mutex(fallbackTableName)
    }

    /// The table to use: the document's `TableName`, else `TABLE_NAME`.
    public nonisolated var tableName: String? {
        currentTableName.withLock { $0 }
    }

    /// Fetches and, if new and valid, installs the document. A call made while a fetch is in
    /// flight waits for that fetch's outcome; a call within ``failureBackoff`` of a failure gets
    /// that failure without fetching.
    @discardableResult
    public func refresh() async -> RefreshOutcome {
        if let held = heldFailure, now() < held.until { return held.outcome }
        if waiting != nil {
            // The closure runs on this actor before the suspension, so the fetch in flight cannot
            // finish between the check above and joining its waiters.
            return await withCheckedContinuation { waiting?.append($0) }
        }
        waiting = []
        // The fetch runs in this caller's task; the waiters are resumed below, whatever it gives.
        let outcome = await fetchAndInstall()
        if case .failed = outcome, !Task.isCancelled {
            heldFailure = (outcome, now() + failureBackoff)
        } else {
            // A success, or a fetch cut short by this caller's cancellation (not the source's fault).
            heldFailure = nil
        }
        let joined = waiting ?? []
        waiting = nil
        for waiter in joined { waiter.resume(returning: outcome) }
        return outcome
    }

    /// One fetch from the source; installs a new, valid document.
    private func fetchAndInstall() async -> RefreshOutcome {
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
