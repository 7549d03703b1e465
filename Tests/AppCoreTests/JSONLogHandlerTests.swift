@testable import AppCore
import Foundation
import AppTestSupport
import Logging
import Testing

/// The JSON log lines, read back through a real pipe.
@Suite("JSON log handler")
struct JSONLogHandlerTests {
    @Test("one JSON object per line with metadata as fields, numbers as numbers, text escaped")
    func line() throws {
        let pipe = Pipe()
        var logger = Logger(label: "web.access") { label in
            JSONLogHandler(label: label, level: .info, fd: pipe.fileHandleForWriting.fileDescriptor)
        }
        logger[metadataKey: "instance"] = "web.1"
        logger.info("request", metadata: ["status": .stringConvertible(503), "duration_ms": .stringConvertible(1.25), "path": "/a\"b\n\u{01}\\é"])
        logger.debug("not written")
        try pipe.fileHandleForWriting.close()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let lines = text.split(separator: "\n")
        #expect(lines.count == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(object["msg"] as? String == "request")
        #expect(object["label"] as? String == "web.access")
        #expect(object["level"] as? String == "info")
        #expect(object["status"] as? Int == 503)
        #expect(object["duration_ms"] as? Double == 1.25)
        #expect(object["path"] as? String == "/a\"b\n\u{01}\\é")
        #expect(lines[0].contains(#"\u0001"#))
        #expect(object["instance"] as? String == "web.1")
        let stamp = try #require(object["ts"] as? String)
        #expect(stamp.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/) != nil)
    }

    @Test("through a LogWriter: lines of concurrent threads arrive whole and in each thread's order; an error is written before log returns")
    func gathered() throws {
        let file = try LogFile("log-writer")
        let writer = LogWriter(fd: file.descriptor)
        let logger = Logger(label: "web.access") { label in JSONLogHandler(label: label, level: .info, writer: writer) }
        let threads = 8, lines = 3_000   // 24,000 lines, some 4 MB: the writer's high water is crossed
        DispatchQueue.concurrentPerform(iterations: threads) { thread in
            for line in 0..<lines {
                logger.info("request", metadata: ["thread": .stringConvertible(thread), "line": .stringConvertible(line), "pad": .string(String(repeating: "x", count: 100))])
            }
        }
        logger.error("failed")
        // Written before `error` returned, after every earlier line: no flush needed to read it.
        let text = try file.text()
        let objects = try text.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
        #expect(objects.count == threads * lines + 1)
        #expect(objects.last?["msg"] as? String == "failed")
        var next = [Int](repeating: 0, count: threads)
        for object in objects.dropLast() {
            let thread = try #require(object["thread"] as? Int)
            #expect(object["line"] as? Int == next[thread])
            next[thread] += 1
        }
        #expect(next == [Int](repeating: lines, count: threads))
        logger.info("last")
        writer.flush()
        #expect(try file.text().hasSuffix("\"msg\":\"last\"}\n"))
    }

    @Test("an error line is written before log returns, after every earlier line, even while the writer waits on a full pipe")
    func urgentWaits() throws {
        let pipe = Pipe()
        let writer = LogWriter(fd: pipe.fileHandleForWriting.fileDescriptor)
        let logger = Logger(label: "web") { label in JSONLogHandler(label: label, level: .info, writer: writer) }
        for line in 0..<1_000 {   // some 150 KB: more than a pipe holds, so the writer blocks
            logger.info("filler", metadata: ["line": .stringConvertible(line), "pad": .string(String(repeating: "x", count: 100))])
        }
        let logged = DispatchSemaphore(value: 0)
        Thread {
            logger.error("failed")
            logged.signal()
        }.start()
        #expect(logged.wait(timeout: .now() + 0.3) == .timedOut, "error returned before its line could be written")
        var bytes = Data()
        while !String(decoding: bytes, as: UTF8.self).contains(#""msg":"failed""#) {
            bytes.append(pipe.fileHandleForReading.availableData)
        }
        #expect(logged.wait(timeout: .now() + 5) == .success)
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n")
        #expect(lines.count == 1_001)
        #expect(lines.last?.contains(#""level":"error""#) == true)
    }

    @Test("the field builder writes the line log(event:) writes for the same metadata, and honours the level")
    func fieldsLikeMetadata() throws {
        let pipe = Pipe()
        let handler = JSONLogHandler(label: "web.access", level: .info, fd: pipe.fileHandleForWriting.fileDescriptor)
        let logger = Logger(label: "web.access") { _ in handler }
        #expect(handler.logsFieldsDirectly)
        let path = "/a\"b\n\u{01}\\é"
        logger.info("request", metadata: [
            "duration_ms": .stringConvertible(17.375), "method": "GET", "path": .string(path), "request_id": "abc", "status": .stringConvertible(503),
        ])
        handler.log(.info, message: "request") { fields in
            fields.number("duration_ms", 17.375)
            fields.string("method", "GET")
            fields.string("path", path)
            fields.string("request_id", "abc")
            fields.integer("status", 503)
        }
        handler.log(.debug, message: "not written") { $0.integer("status", 1) }
        try pipe.fileHandleForWriting.close()
        let lines = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).split(separator: "\n")
        try #require(lines.count == 2)
        let withoutStamp = lines.map { $0.replacing(/"ts":"[^"]*"/, with: "") }
        #expect(withoutStamp[0] == withoutStamp[1])
        var described = logger
        described[metadataKey: "instance"] = "web.1"
        #expect((described.handler as? JSONLogHandler)?.logsFieldsDirectly == false)
    }

    @Test("durations are written as Swift writes doubles, from their digits when they have three decimals or fewer")
    func numbers() {
        var values: [Double] = [0, 1, -1, 0.5, 17.375, 0.001, 0.123, 1234.5, 99.999, 1e12 + 0.25, -3.25, 0.0005, 1.0 / 3, 1e20, 123.456789]
        for micro in stride(from: 0, to: 2_000_000, by: 997) { values.append(Double(micro) / 1000) }
        for value in values {
            var bytes: [UInt8] = []
            MetadataJSON.appendNumber(value, to: &bytes)
            #expect(Double(String(decoding: bytes, as: UTF8.self)) == value, "\(value)")
            #expect(String(decoding: bytes, as: UTF8.self) == value.description, "\(value)")
        }
    }

    @Test("every level is written as its name, through the writer's buffer and straight to a descriptor alike")
    func levels() throws {
        let file = try LogFile("log-levels")
        let writer = LogWriter(fd: file.descriptor)
        let gathered = JSONLogHandler(label: "web \"a\"", level: .trace, writer: writer)
        let direct = JSONLogHandler(label: "web \"a\"", level: .trace, fd: file.descriptor)
        for level in Logger.Level.allCases {
            gathered.log(level, message: "m") { $0.integer("n", 1) }
            writer.flush()
            direct.log(level, message: "m") { $0.integer("n", 2) }
        }
        let objects = try file.text().split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
        #expect(objects.map { $0["level"] as? String } == Logger.Level.allCases.flatMap { [$0.rawValue, $0.rawValue] })
        #expect(objects.allSatisfy { $0["label"] as? String == "web \"a\"" && $0["msg"] as? String == "m" })
        #expect(objects.map { $0["n"] as? Int } == Array(repeating: [1, 2], count: Logger.Level.allCases.count).flatMap { $0 })
    }

    @Test("the handler fits a Logger's inline storage: a request's metadata does not box a copy")
    func inlineSize() {
        // An existential keeps up to three words inline; past that every mutated copy (Hummingbird
        // sets the request id on each request's logger) is a heap allocation.
        #expect(MemoryLayout<JSONLogHandler>.size <= 3 * MemoryLayout<Int>.size)
    }
}
