import JSONText
import Logging

/// Where a ``JSONLogHandler``'s lines go, with the text that is the same on every line of a
/// label encoded once: `","level":"info","label":"web.access","msg":` for each level.
// Sendable: every stored property is immutable, and LogWriter is Sendable.
final class JSONLogSink: Sendable {
    let label: String
    let fd: Int32
    let writer: LogWriter?
    /// For each level (at ``index(of:)``), the text between the timestamp and the message.
    private let afterTimestamp: [[UInt8]]

    init(label: String, fd: Int32, writer: LogWriter?) {
        self.label = label
        self.fd = fd
        self.writer = writer
        var table = [[UInt8]](repeating: [], count: Logger.Level.allCases.count)
        for level in Logger.Level.allCases {
            var text = Array(#"","level":""#.utf8)
            text.append(contentsOf: level.rawValue.utf8)
            text.append(contentsOf: #"","label":"#.utf8)
            JSONString.append(label, to: &text)
            text.append(contentsOf: #","msg":"#.utf8)
            table[Self.index(of: level)] = text
        }
        afterTimestamp = table
    }

    /// A new line: `{"ts":...,"level":...,"label":...,"msg":...` with no closing brace.
    func begin(level: Logger.Level, message: String) -> [UInt8] {
        var line: [UInt8] = []
        line.reserveCapacity(256)
        line.append(contentsOf: #"{"ts":""#.utf8)
        JSONLogHandler.appendTimestamp(to: &line)
        line.append(contentsOf: afterTimestamp[Self.index(of: level)])
        JSONString.append(message, to: &line)
        return line
    }

    /// `level`'s place in ``afterTimestamp``: a switch, where `Logger.Level.allCases` would build
    /// an array each time it is read.
    private static func index(of level: Logger.Level) -> Int {
        switch level {
        case .trace: return 0
        case .debug: return 1
        case .info: return 2
        case .notice: return 3
        case .warning: return 4
        case .error: return 5
        case .critical: return 6
        }
    }

    /// Closes a line `begin` opened and writes it: through the writer (an error or worse before
    /// this returns), or with `write(2)` on the descriptor.
    func emit(_ line: inout [UInt8], level: Logger.Level) {
        line.append(contentsOf: "}\n".utf8)
        if let writer {
            writer.append(line, urgent: level >= .error)
            return
        }
        LogWriter.writeAll(line, to: fd)
    }
}
