import AppCore
import Hummingbird
import Logging
import Shared

extension Routes {
    /// The body of every 502 from `/refresh-config`: the same text whatever failed, so that no
    /// error detail (an account id, a role ARN, a file path) reaches a client. The cause goes to
    /// the log line with the request id.
    static let refreshFailedBody = "Bad Gateway: refreshing the configuration failed; the last good configuration stays in effect\n"

    /// `GET` or `POST /refresh-config`: re-reads the dynamic config. `Config Refreshed` when it
    /// changed, `Nothing to refresh` when not; 502 with ``refreshFailedBody`` when the source
    /// failed (the last good config stays in effect). Concurrent requests share one fetch, and
    /// after a failure requests get that failure without a fetch for the backoff
    /// (``DynamicConfig/refresh()``).
    static func refreshConfig(_ dependencies: AppDependencies, requestID: String, logger: Logger) async -> Response {
        switch await dependencies.config.refresh() {
        case .changed:
            // DynamicConfig logs the new version and table. Answers kept for the old table go.
            dependencies.reads.forgetKept()
            return text("Config Refreshed")
        case .unchanged:
            return text("Nothing to refresh")
        case .failed(let reason):
            logger.warning("refreshing the configuration failed; answered 502, the last good configuration stays", metadata: [
                "request_id": .string(requestID),
                "error": .string(reason),
                "table": .string(dependencies.config.tableName ?? "none"),
            ])
            return text(refreshFailedBody, status: .badGateway)
        }
    }
}
