import Testing

@testable import supervisor

/// A run of lines formats to the same bytes as its lines one by one, within the room given.
@Suite("LineFormatter")
struct LineFormatterTests {
    private func formatRun(_ run: String, head: [UInt8], room: Int? = nil) -> [UInt8] {
        let bytes = Array(run.utf8)
        let lines = bytes.withUnsafeBytes { LineSplitter.lineCount(in: $0) }
        var out = [UInt8](repeating: 0, count: room ?? bytes.count + lines * head.count)
        let used = bytes.withUnsafeBytes { run in
            head.withUnsafeBytes { head in
                out.withUnsafeMutableBytes { LineFormatter.format(lines: run, head: head, into: $0) }
            }
        }
        return Array(out[..<used])
    }

    private func formatLine(_ text: String, head: [UInt8]) -> [UInt8] {
        let bytes = Array(text.utf8)
        var out = [UInt8](repeating: 0, count: head.count + bytes.count + 1)
        let used = bytes.withUnsafeBytes { text in
            head.withUnsafeBytes { head in
                out.withUnsafeMutableBytes { LineFormatter.format(line: text, head: head, into: $0) }
            }
        }
        return Array(out[..<used])
    }

    @Test("a run gets the head before each line, as single lines do", arguments: [false, true])
    func runMatchesLines(color: Bool) {
        var formatter = LineFormatter(style: TerminalStyle(color: color, timestamps: false), nameWidth: 12)
        let source = LineSource(id: 3, instance: "worker.2", type: "worker", typeIndex: 1, pid: 1, stream: .stderr)
        let head = formatter.head(for: source)
        let lines = ["first", "", "third \u{1B}[0m\r"]
        let byRun = formatRun(lines.map { $0 + "\n" }.joined(), head: head)
        #expect(byRun == lines.flatMap { formatLine($0, head: head) })
        #expect(byRun.split(separator: 10, omittingEmptySubsequences: false).count == 4)
        #expect(String(decoding: byRun, as: UTF8.self).hasPrefix(color ? "\u{1B}[33mworker.2" : "worker.2     !"))
    }

    @Test("lines that do not fit the room are left out whole, never cut")
    func room() {
        let head = Array("w | ".utf8)
        #expect(formatRun("ab\ncd\n", head: head, room: 13) == Array("w | ab\n".utf8))
        #expect(formatRun("ab\ncd\n", head: head, room: 14) == Array("w | ab\nw | cd\n".utf8))
        #expect(formatRun("ab\n", head: head, room: 3).isEmpty)
    }

    @Test("with timestamps the head starts with HH:MM:SS and the supervisor pads names to its own")
    func timestamped() {
        var formatter = LineFormatter(style: TerminalStyle(color: false, timestamps: true), nameWidth: 4)
        let source = LineSource(id: 0, instance: "a.1", type: "a", typeIndex: 0, pid: 1, stream: .stdout)
        let head = String(decoding: formatter.head(for: source), as: UTF8.self)
        #expect(head.count == 9 + 13)
        #expect(head.hasSuffix(" a.1        | "))
        let event = String(decoding: formatter.head(for: SupervisorEvent.warning("x")), as: UTF8.self)
        #expect(event.hasSuffix(" supervisor ! "))
    }
}
