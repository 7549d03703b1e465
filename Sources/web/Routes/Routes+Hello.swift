import AppCore
import Hummingbird
import Logging

extension Routes {
    /// How long a client should wait before retrying after a 503, in seconds.
    static let retryAfterSeconds = 5

    /// `GET /hello`: the reference item of the configured table as a page. 404 naming the table
    /// and key when the item is missing; 503 with `Retry-After` and a one-line reason when the
    /// store fails (the details go to the log only).
    static func hello(_ dependencies: AppDependencies, logger: Logger) async -> Response {
        guard let table = dependencies.config.tableName else {
            return text("Service Unavailable: no table is configured\n", status: .serviceUnavailable, headers: [.retryAfter: String(retryAfterSeconds)])
        }
        do {
            guard let item = try await dependencies.store.getItem(table: table, key: ReferenceItem.key) else {
                return html(HelloPage.notFound(table: table, keyName: ReferenceItem.keyAttribute.name, keyValue: ReferenceItem.keyValue), status: .notFound)
            }
            return html(HelloPage.render(item))
        } catch {
            logger.error("store read failed", metadata: ["table": "\(table)", "error": "\(error)"])
            return text(
                "Service Unavailable: \(error.publicReason) (table \(table))\n",
                status: .serviceUnavailable,
                headers: [.retryAfter: String(retryAfterSeconds)])
        }
    }
}
