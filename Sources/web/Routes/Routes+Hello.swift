import AppCore
import Hummingbird
import Logging

extension Routes {
    /// How long a client should wait before retrying after a failed store read, in seconds.
    static let retryAfterSeconds = 5
    /// How long a client should wait before retrying after an overload refusal, in seconds.
    static let overloadRetryAfterSeconds = 1

    /// `GET /hello`: the reference item of the configured table as a page, read through the
    /// coalescing reader. 404 naming the table and key when the item is missing; 503 with
    /// `Retry-After` and a one-line reason when the store fails or throttles (the details go to
    /// the log only), or at once when `STORE_MAX_INFLIGHT` requests already wait for the store.
    static func hello(_ dependencies: AppDependencies, logger: Logger) async -> Response {
        guard let table = dependencies.config.tableName else {
            return unavailable("no table is configured", retryAfter: retryAfterSeconds)
        }
        switch await dependencies.reads.getItem(table: table, key: ReferenceItem.key) {
        case .item(let item?):
            return html(dependencies.helloPages.page(for: item))
        case .item(nil):
            return html(HelloPage.notFound(table: table, keyName: ReferenceItem.keyAttribute.name, keyValue: ReferenceItem.keyValue), status: .notFound)
        case .failed(let error):
            logger.error("store read failed", metadata: ["table": "\(table)", "error": "\(error)"])
            return unavailable("\(error.publicReason) (table \(table))", retryAfter: retryAfterSeconds)
        case .overloaded(let limit):
            return unavailable(
                "\(limit) requests already wait for the store (STORE_MAX_INFLIGHT=\(limit)); retry after \(overloadRetryAfterSeconds) s",
                retryAfter: overloadRetryAfterSeconds)
        }
    }

    /// A 503 with `Retry-After` and one line saying why.
    static func unavailable(_ reason: String, retryAfter: Int) -> Response {
        text("Service Unavailable: \(reason)\n", status: .serviceUnavailable, headers: [.retryAfter: String(retryAfter)])
    }
}
