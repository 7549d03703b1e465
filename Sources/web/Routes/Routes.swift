import Hummingbird
import NIOCore

/// The route handlers, one file each. They return responses for every outcome and never throw,
/// so no error text reaches a client unless a handler chose it.
enum Routes {
    /// A `text/plain` response.
    static func text(_ body: String, status: HTTPResponse.Status = .ok, headers extra: HTTPFields = [:]) -> Response {
        var headers: HTTPFields = [.contentType: "text/plain; charset=utf-8"]
        headers.append(contentsOf: extra)
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }

    /// A `text/html` response.
    static func html(_ body: String, status: HTTPResponse.Status = .ok) -> Response {
        html(ByteBuffer(string: body), status: status)
    }

    /// A `text/html` response of bytes already encoded.
    static func html(_ body: ByteBuffer, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8"], body: ResponseBody(byteBuffer: body))
    }
}
