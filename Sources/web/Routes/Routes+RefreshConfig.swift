import AppCore
import Hummingbird
import Logging
import Shared

extension Routes {
    /// `GET` or `POST /refresh-config`: re-reads the dynamic config. `Config Refreshed` when it
    /// changed, `Nothing to refresh` when not; 502 with the reason when the source failed (the
    /// last good config stays in effect).
    static func refreshConfig(_ dependencies: AppDependencies, logger: Logger) async -> Response {
        switch await dependencies.config.refresh() {
        case .changed:
            // DynamicConfig logs the new version and table. Answers kept for the old table go.
            dependencies.reads.forgetKept()
            return text("Config Refreshed")
        case .unchanged:
            return text("Nothing to refresh")
        case .failed(let reason):
            let kept = dependencies.config.tableName ?? "none"
            return text("Bad Gateway: \(oneLine(reason)); keeping table \(kept)\n", status: .badGateway)
        }
    }

    /// The first line of `text`, at most 300 characters.
    static func oneLine(_ text: String) -> String {
        String((text.split(separator: "\n").first ?? "").prefix(300))
    }
}
