import AppCore
import HTTPTypes
import Hummingbird
import Logging

/// One access-log line per request: method, path, status, duration and request id, as
/// structured fields. The request id is also sent back as `X-Request-Id`.
///
/// When the logger's handler is a ``JSONLogHandler`` with no metadata of its own (as `web`
/// bootstraps it), the line is written through its field builder: the same line, without a
/// metadata dictionary built and sorted for every request. Any other handler gets the fields as
/// metadata.
struct AccessLogMiddleware<Context: RequestContext>: RouterMiddleware {
    let logger: Logger
    /// The logger's handler, when it takes fields directly.
    private let json: JSONLogHandler?

    init(logger: Logger) {
        self.logger = logger
        json = (logger.handler as? JSONLogHandler).flatMap { $0.logsFieldsDirectly ? $0 : nil }
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let id = context.id
        do {
            var response = try await next(request, context)
            // Appended, not set: no route sets it, and setting searches and rebuilds the fields.
            response.headers.append(HTTPField(name: .xRequestID, value: id))
            log(request, status: Int(response.status.code), start: start, id: id)
            return response
        } catch {
            let status = (error as? any HTTPResponseError)?.status.code ?? 500
            log(request, status: Int(status), start: start, id: id)
            throw error
        }
    }

    private func log(_ request: Request, status: Int, start: ContinuousClock.Instant, id: String) {
        let elapsed = ContinuousClock.now - start
        let (seconds, attoseconds) = elapsed.components
        let milliseconds = Double(seconds) * 1000 + Double(attoseconds) / 1e15
        let rounded = (milliseconds * 1000).rounded() / 1000
        if let json {
            // The keys in sorted order, as the handler writes metadata.
            json.log(.info, message: "request") { fields in
                fields.number("duration_ms", rounded)
                fields.string("method", request.method.rawValue)
                fields.string("path", request.uri.path)
                fields.string("request_id", id)
                fields.integer("status", status)
            }
            return
        }
        logger.info("request", metadata: [
            "method": .string(request.method.rawValue),
            "path": .string(request.uri.path),
            "status": .stringConvertible(status),
            "duration_ms": .stringConvertible(rounded),
            "request_id": .string(id),
        ])
    }
}

extension HTTPField.Name {
    /// `X-Request-Id`.
    static let xRequestID: HTTPField.Name = {
        guard let name = HTTPField.Name("X-Request-Id") else { preconditionFailure("X-Request-Id is a valid field name") }
        return name
    }()
}
