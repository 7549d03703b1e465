import AppCore
import Hummingbird
import Logging

extension Routes {
    /// `GET` or `POST /refresh-config`: re-reads the dynamic config. `Config Refreshed` when it
    /// changed, `Nothing to refresh` when not; 502 with the reason when the source failed (the
    /// last good config stays in effect).
    static func refreshConfig(_ dependencies: AppDependencies, logger: Logger) async -> Response {
        do {
            switch try await dependencies.config.refresh() {
            case .changed(let table):
                logger.info("config refreshed", metadata: ["table": "\(table)"])
                return text("Config Refreshed")
            case .unchanged:
                return text("Nothing to refresh")
            }
        } catch {
            logger.error("config refresh failed", metadata: ["error": "\(error)"])
            return text("Bad Gateway: \(error.description); keeping table \(await dependencies.config.tableName)\n", status: .badGateway)
        }
    }
}
