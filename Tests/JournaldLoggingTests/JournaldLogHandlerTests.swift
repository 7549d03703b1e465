import Foundation
import JournaldTestSupport
import Logging
import Testing

@testable import JournaldLogging

@Suite("JournaldLogHandler", .serialized, .journald)
struct JournaldLogHandlerTests {
    /// Entries with SYSLOG_IDENTIFIER=`identifier`, waiting until `count` arrived.
    private func entries(_ identifier: String, count: Int) throws -> [[String: Any]] {
        let deadline = Date().addingTimeInterval(10)
        var found: [[String: Any]] = []
        repeat {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", "journalctl -q -o json --all SYSLOG_IDENTIFIER=\(identifier)"]
            let out = Pipe()
            process.standardOutput = out
            try process.run()
            let data = out.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            found = String(decoding: data, as: UTF8.self).split(separator: "\n").compactMap {
                try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
            }
            if found.count >= count { break }
            usleep(100_000)
        } while Date() < deadline
        return found
    }

    private func uniqueIdentifier() -> String { "log\(UUID().uuidString.prefix(8).lowercased())" }

    @Test("a message becomes one entry with MESSAGE, PRIORITY, identifier, process, code location and metadata fields")
    func fields() throws {
        let identifier = uniqueIdentifier()
        var logger = Logger(label: "com.example.web") { label in
            JournaldLogHandler(label: label, identifier: identifier, processInstance: "web.2")
        }
        logger.logLevel = .debug
        logger[metadataKey: "request-id"] = "abc-123"
        logger.warning("disk almost full", metadata: ["free.bytes": "1024"])
        logger.debug("details")
        let found = try entries(identifier, count: 2)
        #expect(found.count == 2)
        let warning = try #require(found.first { $0["MESSAGE"] as? String == "disk almost full" })
        #expect(warning["PRIORITY"] as? String == "4")
        #expect(warning["PROCESS_INSTANCE"] as? String == "web.2")
        #expect(warning["PROCESS_TYPE"] as? String == "web")
        #expect(warning["PROCESS_PID"] as? String == String(getpid()))
        #expect(warning["LOGGER_LABEL"] as? String == "com.example.web")
        #expect(warning["REQUEST_ID"] as? String == "abc-123")
        #expect(warning["FREE_BYTES"] as? String == "1024")
        #expect((warning["CODE_FILE"] as? String)?.hasSuffix("JournaldLogHandlerTests.swift") == true)
        #expect(warning["CODE_FUNC"] as? String == "fields()")
        #expect(found.first { $0["MESSAGE"] as? String == "details" }?["PRIORITY"] as? String == "7")
    }

    @Test("a message with newlines stays one entry, sent in the binary-safe form")
    func multiLine() throws {
        let identifier = uniqueIdentifier()
        let logger = Logger(label: "multi") { JournaldLogHandler(label: $0, identifier: identifier) }
        logger.error("first line\nPRIORITY=0\nSYSLOG_IDENTIFIER=forged")
        let found = try entries(identifier, count: 1)
        #expect(found.count == 1)
        #expect(found.first?["PRIORITY"] as? String == "3")
        let message = found.first?["MESSAGE"]
        let text = (message as? String) ?? (message as? [Int]).map { String(decoding: $0.map { UInt8($0) }, as: UTF8.self) }
        #expect(text == "first line\nPRIORITY=0\nSYSLOG_IDENTIFIER=forged")
    }

    @Test("levels map to syslog priorities; metadata keys become valid field names")
    func mapping() {
        #expect([Logger.Level.trace, .debug, .info, .notice, .warning, .error, .critical].map(JournaldLogHandler.priority(of:)) == [7, 7, 6, 5, 4, 3, 2])
        #expect(JournalEntry.fieldName(for: "request-id") == "REQUEST_ID")
        #expect(JournalEntry.fieldName(for: "_trusted") == "M_TRUSTED")
        #expect(JournalEntry.fieldName(for: "9lives") == "M9LIVES")
        #expect(JournalEntry.fieldName(for: String(repeating: "a", count: 100)).count == 64)
        #expect(JournaldLogHandler.processType(of: "backup-job.1") == "backup-job")
    }

    @Test("the identifier defaults to the process type from PS, else the label")
    func defaultIdentifier() {
        #expect(JournaldLogHandler(label: "x", processInstance: "worker.3").identifier == "worker")
        unsetenv("PS")
        #expect(JournaldLogHandler(label: "my.label").identifier == "my.label")
    }
}
