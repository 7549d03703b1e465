/// A reply on the control socket: one JSON object per line, `{"ok":true,...}` with the
/// command's fields, or `{"ok":false,"error":"..."}`.
public struct ControlReply: Equatable, Sendable {
    /// Whether the supervisor did what was asked.
    public let ok: Bool
    /// Why not, when `ok` is false.
    public let error: String?
    /// The whole reply object, `ok` and `error` included.
    public let body: JSONValue

    /// A member of the reply, e.g. `reply["instances"]`.
    public subscript(key: String) -> JSONValue? { body[key] }

    /// A success line: `{"ok":true}` followed by `fields` in order, ending in "\n". The fields
    /// must not be named `ok` or `error`, nor repeat a name (a client refuses such a reply).
    public static func success(_ fields: [(String, JSONValue)] = []) -> String {
        assert(!fields.contains { $0.0 == "ok" || $0.0 == "error" }, "a reply field named ok or error")
        return JSONValue.object([("ok", .bool(true))] + fields).serialized + "\n"
    }

    /// A failure line: `{"ok":false,"error":message}`, ending in "\n" (the message is escaped,
    /// so a message with newlines still takes one line).
    public static func failure(_ message: String, _ fields: [(String, JSONValue)] = []) -> String {
        assert(!fields.contains { $0.0 == "ok" || $0.0 == "error" }, "a reply field named ok or error")
        return JSONValue.object([("ok", .bool(false)), ("error", .string(message))] + fields).serialized + "\n"
    }

    /// Reads a reply line (for the client). `ok` must be true or false; a failure must carry
    /// a string `error`. Other fields are kept in `body`, whatever they are.
    public init(jsonLine: some Collection<UInt8>) throws(ControlProtocolError) {
        let value = try JSONValue.parseLine(jsonLine, as: .reply)
        let fields = try ObjectFields(value, subject: .reply, expected: #"{"ok":true}"#)
        guard let okValue = fields["ok"] else { throw fields.error(.missingField, "ok", "missing field \"ok\"") }
        guard let ok = okValue.boolValue else { throw fields.wrongType("ok", "true or false", found: okValue) }
        if ok {
            self.error = nil
        } else {
            self.error = try fields.string("error")
        }
        self.ok = ok
        self.body = value
    }
}
