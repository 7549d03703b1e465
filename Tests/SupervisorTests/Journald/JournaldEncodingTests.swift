import Glibc
import JournaldTestSupport
import Testing

@testable import supervisor

@Suite("journald encoding and sink choice (no journald needed)")
struct JournaldEncodingTests {
    private func encoded(_ key: String, _ value: [UInt8]) -> [UInt8] {
        var buffer = ByteBuffer(capacity: 16)
        JournalField.append(key, value, to: &buffer)
        return Array(buffer.bytes)
    }

    @Test("plain text is KEY=value; a newline, control byte, DEL or invalid UTF-8 takes the binary form")
    func fieldForms() {
        #expect(encoded("MESSAGE", Array("héllo\tworld".utf8)) == Array("MESSAGE=héllo\tworld\n".utf8))
        let length: [UInt8] = [5, 0, 0, 0, 0, 0, 0, 0]
        #expect(encoded("MESSAGE", Array("a\nb=c".utf8)) == Array("MESSAGE\n".utf8) + length + Array("a\nb=c\n".utf8))
        for value: [UInt8] in [[0x61, 0x01], [0x7F], [0xFF], [0xC3], [0xED, 0xA0, 0x80], [0xC0, 0xAF], [0xF4, 0x90, 0x80, 0x80]] {
            let bytes = encoded("M", value)
            #expect(Array(bytes.prefix(2)) == [UInt8(ascii: "M"), 10], "\(value) must be binary")
            #expect(bytes.count == 2 + 8 + value.count + 1)
        }
        #expect(encoded("M", [0xF0, 0x9F, 0x98, 0x80]) == [UInt8(ascii: "M"), UInt8(ascii: "=")] + [0xF0, 0x9F, 0x98, 0x80, 10])
    }

    @Test("a line's entry: fixed fields, PRIORITY from the stream or an sd-daemon <N> prefix, MESSAGE")
    func lineEntry() {
        let fields = JournalLineFields()
        let header = Array("SYSLOG_IDENTIFIER=web\n".utf8)
        func entry(_ line: String, _ stream: LineSource.Stream) -> [UInt8] {
            let bytes = Array(line.utf8)
            return header.withUnsafeBytes { head in
                bytes.withUnsafeBytes { raw in
                    let count = fields.prepare(line: raw, stream: stream, header: head)
                    return (0..<count).flatMap { index -> [UInt8] in
                        let part = fields.iov[index]
                        return Array(UnsafeRawBufferPointer(start: part.iov_base, count: part.iov_len))
                    }
                }
            }
        }
        #expect(entry("hi", .stdout) == Array("SYSLOG_IDENTIFIER=web\nPRIORITY=6\nMESSAGE=hi\n".utf8))
        #expect(entry("hi", .stderr) == Array("SYSLOG_IDENTIFIER=web\nPRIORITY=3\nMESSAGE=hi\n".utf8))
        #expect(entry("<2>crit", .stdout) == Array("SYSLOG_IDENTIFIER=web\nPRIORITY=2\nMESSAGE=crit\n".utf8))
        #expect(entry("<8>no", .stdout) == Array("SYSLOG_IDENTIFIER=web\nPRIORITY=6\nMESSAGE=<8>no\n".utf8))
        #expect(entry("<7", .stderr) == Array("SYSLOG_IDENTIFIER=web\nPRIORITY=3\nMESSAGE=<7\n".utf8))
        #expect(entry("", .stdout) == Array("SYSLOG_IDENTIFIER=web\nPRIORITY=6\nMESSAGE=\n".utf8))
        #expect(entry("<4>a\u{1}", .stdout) == Array("SYSLOG_IDENTIFIER=web\nPRIORITY=4\nMESSAGE\n".utf8) + [2, 0, 0, 0, 0, 0, 0, 0] + [0x61, 1, 10])
    }

    @Test("--log-sink auto: JOURNAL_STREAM must name our stdout; SUPERVISOR_LOG_SINK decides first")
    func destination() {
        let stdout = FileIdentity(device: 25, inode: 1234)
        func resolve(_ option: LogSinkOption, _ environment: [String: String]) -> LogDestination {
            LogDestination.resolve(option, environment: environment, standardOutput: stdout)
        }
        #expect(resolve(.auto, [:]) == .terminal)
        #expect(resolve(.auto, ["JOURNAL_STREAM": "25:1234"]) == .journald)
        #expect(resolve(.auto, ["JOURNAL_STREAM": "25:1235"]) == .terminal)
        #expect(resolve(.auto, ["JOURNAL_STREAM": "garbage"]) == .terminal)
        #expect(resolve(.auto, ["SUPERVISOR_LOG_SINK": "journald"]) == .journald)
        #expect(resolve(.auto, ["SUPERVISOR_LOG_SINK": "both"]) == .both)
        #expect(resolve(.auto, ["SUPERVISOR_LOG_SINK": "terminal", "JOURNAL_STREAM": "25:1234"]) == .terminal)
        #expect(resolve(.terminal, ["JOURNAL_STREAM": "25:1234"]) == .terminal)
        #expect(resolve(.both, [:]) == .both)
        #expect(resolve(.journald, [:]) == .journald)
        #expect(FileIdentity(journalStream: "1:2") == FileIdentity(device: 1, inode: 2))
        #expect(FileIdentity(journalStream: "1:2:3") == nil)
        #expect(FileIdentity(journalStream: ":2") == nil)
    }

    @Test("every event kind has its own MESSAGE_ID, 128 bits in hex")
    func messageIDs() {
        let events: [SupervisorEvent] = [
            .spawned(instance: "web.1", pid: 1, port: 5000), .spawnFailed(instance: "web.1", reason: "x"),
            .exited(instance: "web.1", pid: 1, status: .exited(0), duringStop: false),
            .stopping(reason: "r", signal: SIGTERM, processes: 1, gracePeriodMilliseconds: 5000),
            .killing(instance: "web.1", pid: 1, afterMilliseconds: 5000), .forwarded(signal: SIGUSR1, processes: 1),
            .restarting(instance: "web.1", delayMilliseconds: 500, attempt: 2),
            .gaveUp(instance: "web.1", limit: RestartLimit(), status: .exited(1)), .warning("w"),
            .waiting(instance: "worker.1", dependencies: [Dependency(type: "release", condition: .succeeded), Dependency(type: "web", condition: .ready)]),
            .dependencyFailed(waiting: ["worker"], dependency: Dependency(type: "web", condition: .ready), reason: "exited with status 3"),
            .overMemory(instance: "worker.1", pid: 1, bytes: 2 << 20, cap: 1 << 20, signal: SIGTERM, restart: true),
        ]
        let ids = events.map(\.journalMessageID)
        #expect(Set(ids).count == events.count)
        #expect(ids.allSatisfy { $0.count == 32 && $0.allSatisfy(\.isHexDigit) })
        #expect(events[2].journalFields.contains { $0 == ("PROCESS_TYPE", "web") })
        // What an instance waits for, and the chain of a dependency that failed, as fields.
        #expect(events[9].journalFields.contains { $0 == ("WAITING_FOR", "release:succeeded web:ready") })
        #expect(events[9].journalFields.contains { $0 == ("PROCESS_TYPE", "worker") })
        #expect(events[10].journalFields.contains { $0 == ("DEPENDENCY", "web:ready") })
        #expect(events[10].journalPriority == 3 && events[10].journalEventName == "dependency-failed")
    }
}

@Suite("supervisor start: journald options")
struct JournaldOptionTests {
    @Test("--log-sink takes terminal|journald|both|auto; --journald-direct refuses terminal; --identifier must be printable")
    func parsing() throws {
        let start = try #require(try SupervisorCommand.parseAsRoot(["start", "--log-sink", "both", "--identifier", "shop"]) as? SupervisorCommand.Start)
        #expect(start.logSink == .both && start.identifier == "shop" && !start.journaldDirect)
        let defaults = try #require(try SupervisorCommand.parseAsRoot(["start"]) as? SupervisorCommand.Start)
        #expect(defaults.logSink == .auto)
        #expect(throws: (any Error).self) { try SupervisorCommand.parseAsRoot(["start", "--log-sink", "syslog"]) }
        #expect(throws: (any Error).self) { try SupervisorCommand.parseAsRoot(["start", "--log-sink", "terminal", "--journald-direct"]) }
        #expect(throws: (any Error).self) { try SupervisorCommand.parseAsRoot(["start", "--identifier", "bad\nname"]) }
        #expect(throws: (any Error).self) { try SupervisorCommand.parseAsRoot(["start", "--identifier", ""]) }
    }
}
