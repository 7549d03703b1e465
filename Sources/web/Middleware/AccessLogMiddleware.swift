import HTTPTypes
import Hummingbird
import Logging

/// One access-log line per request: method, path, status, duration and request id, as
/// structured fields. The request id is also sent back as `X-Request-Id`.
struct AccessLogMiddleware<Context: RequestContext>: RouterMiddleware {
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let id = context.id
        do {
            var response = try await next(request, context)
            response.headers[.xRequestID] = id
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
        logger.info("request", metadata: [
            "method": .string(request.method.rawValue),
            "path": .string(request.uri.path),
            "status": .stringConvertible(status),
            "duration_ms": .stringConvertible((milliseconds * 1000).rounded() / 1000),
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
