import ControlProtocol

/// One line of a `logs` reply: `{"instance":"web.1","stream":"stdout","line":"..."}`.
struct LogLine: Equatable, Sendable {
    var instance: String
    var stream: String
    var line: String

    /// Reads a line of the `logs` conversation; nil for anything else.
    init?(json: JSONValue) {
        guard let instance = json["instance"]?.stringValue, let line = json["line"]?.stringValue else { return nil }
        self.instance = instance
        self.stream = json["stream"]?.stringValue ?? "stdout"
        self.line = line
    }

    init(instance: String, stream: String, line: String) {
        self.instance = instance
        self.stream = stream
        self.line = line
    }

    var json: JSONValue {
        ["instance": .string(instance), "stream": .string(stream), "line": .string(line)]
    }
}
