import Hummingbird

/// Refuses (403) every request without the token: GET and HEAD carry it in the query
/// (`?token=`, as in the printed URL), the header or `Authorization: Bearer` (what Prometheus
/// sends for a scrape's `authorization`); POST in the `X-Formation-Token` header or
/// a `token` form field, never only in the URL, so a link or a cross-site form cannot act.
/// Other methods are refused.
struct TokenMiddleware<Context: RequestContext>: RouterMiddleware {
    let token: AccessToken
    /// The largest form body read to find a `token` field.
    static var maxFormBytes: Int { 64 * 1024 }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let header = request.headers[.formationToken]
        switch request.method {
        case .get, .head:
            if token.matches(request.uri.queryParameters.get("token")) || token.matches(header) || token.matches(Self.bearer(request)) {
                return try await next(request, context)
            }
        case .post:
            if token.matches(header) { return try await next(request, context) }
            if request.headers[.contentType]?.hasPrefix("application/x-www-form-urlencoded") == true {
                var request = request
                let body = try await request.collectBody(upTo: Self.maxFormBytes)
                if token.matches(FormBody(String(buffer: body))["token"]) { return try await next(request, context) }
            }
        default:
            break
        }
        return Self.forbidden
    }

    /// The token of an `Authorization: Bearer TOKEN` header, nil without one.
    static func bearer(_ request: Request) -> Substring? {
        guard let value = request.headers[.authorization], value.lowercased().hasPrefix("bearer ") else { return nil }
        return value.dropFirst("bearer ".count).drop { $0 == " " }
    }

    static var forbidden: Response {
        Response(
            status: .forbidden, headers: [.contentType: "text/plain; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: "forbidden: this dashboard needs its token; open the URL (with ?token=...) that `supervisor dashboard` printed\n")))
    }
}
