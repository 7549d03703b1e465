/// A control-socket message that could not be read: what was wrong, where (a byte offset in the
/// line, or the field), and how to fix it, as one line:
///
///     invalid request at byte 17: expected ',' or '}' after a member (send one JSON object per line, see docs/control.md)
///     invalid request: missing field "targets" (e.g. {"command":"restart","targets":["web"]}, see docs/control.md)
public struct ControlProtocolError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The kind of problem, for callers that react to some kinds (a struct, so that new kinds
    /// do not break a `switch`).
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let description: String

        /// Not JSON: an unexpected byte, a missing bracket, text after the value.
        public static let syntax = Code(description: "syntax")
        /// A string holding bytes that are not UTF-8, or a lone surrogate escape.
        public static let invalidText = Code(description: "invalid-text")
        /// Arrays and objects nested deeper than the parser's `maxDepth`.
        public static let tooDeep = Code(description: "too-deep")
        /// A number beyond ±1.8e308, or NaN / Infinity.
        public static let numberOutOfRange = Code(description: "number-out-of-range")
        /// An object naming a key twice.
        public static let duplicateKey = Code(description: "duplicate-key")
        /// A request, reply or status row that is not a JSON object.
        public static let notAnObject = Code(description: "not-an-object")
        /// A `command` the protocol does not know.
        public static let unknownCommand = Code(description: "unknown-command")
        /// A required field is absent.
        public static let missingField = Code(description: "missing-field")
        /// A field the command does not take.
        public static let unknownField = Code(description: "unknown-field")
        /// A field of the wrong JSON type.
        public static let wrongType = Code(description: "wrong-type")
        /// A field of the right type with a value outside its bounds (empty, too long, too many).
        public static let invalidValue = Code(description: "invalid-value")
    }

    /// What was being read (a struct, so that new kinds do not break a `switch`).
    public struct Subject: Hashable, Sendable, CustomStringConvertible {
        public let description: String
        /// The hint for problems without a more specific one.
        let defaultHint: String
        /// Whether the protocol's documentation is named in the message.
        let pointsAtDocs: Bool

        /// Any JSON text (`JSONValue.parse`).
        public static let json = Subject(
            description: "JSON", defaultHint: "write JSON as RFC 8259 defines it", pointsAtDocs: false)
        /// A request line (`ControlRequest(jsonLine:)`), read by the supervisor.
        public static let request = Subject(
            description: "request", defaultHint: "send one JSON object per line", pointsAtDocs: true)
        /// A reply line (`ControlReply(jsonLine:)`), read by a client.
        public static let reply = Subject(
            description: "reply", defaultHint: "is the socket a Formation supervisor of the same version?",
            pointsAtDocs: true)
        /// A row of a `status` reply (`InstanceStatus(json:)`).
        public static let statusRow = Subject(
            description: "status row", defaultHint: "is the socket a Formation supervisor of the same version?",
            pointsAtDocs: true)
    }

    public let code: Code
    public let subject: Subject
    /// The offset of the offending byte in the line (the line's length at an unexpected end),
    /// for problems found while reading JSON.
    public let offset: Int?
    /// The field at fault, for problems found in a well-formed object.
    public let field: String?
    /// What was wrong, e.g. `expected ',' or '}' after a member`.
    public let reason: String
    /// How to fix it; nil for the subject's general advice.
    public let hint: String?

    public init(code: Code, subject: Subject, offset: Int? = nil, field: String? = nil, reason: String, hint: String? = nil) {
        self.code = code
        self.subject = subject
        self.offset = offset
        self.field = field
        self.reason = reason
        self.hint = hint
    }

    public var description: String {
        let location = offset.map { " at byte \($0)" } ?? ""
        let advice = (hint ?? subject.defaultHint) + (subject.pointsAtDocs ? ", see docs/control.md" : "")
        return "invalid \(subject)\(location): \(reason) (\(advice))"
    }

    /// The same problem, reported as one in `subject` (the JSON parser's errors, once the
    /// caller knows it was reading a request or a reply).
    func about(_ subject: Subject) -> ControlProtocolError {
        ControlProtocolError(code: code, subject: subject, offset: offset, field: field, reason: reason, hint: hint)
    }
}

extension ControlProtocolError {
    /// `text` as a JSON string literal, shortened to `limit` characters, for a message: escapes
    /// keep the message on one line whatever a key or value holds.
    static func quoted(_ text: String, limit: Int = 40) -> String {
        let (kept, cut) = shortened(text, limit: limit)
        return JSONValue.string(kept).serialized + (cut ? "…" : "")
    }

    /// The first `limit` Unicode scalars of `text`, and whether that left some out.
    static func shortened(_ text: String, limit: Int = 40) -> (String, Bool) {
        let kept = text.unicodeScalars.prefix(limit)
        return kept.endIndex < text.unicodeScalars.endIndex ? (String(kept), true) : (text, false)
    }
}
