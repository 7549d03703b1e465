import ControlProtocol
import Hummingbird

/// The dashboard's handlers, one concern per file: the page and its assets, the event
/// streams, the actions.
enum Routes {
    /// A JSON response (`JSONValue`'s compact text).
    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: value.serialized + "\n")))
    }

    /// A fixed text body of `type`.
    static func text(_ text: String, type: String) -> Response {
        Response(status: .ok, headers: [.contentType: type], body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}
