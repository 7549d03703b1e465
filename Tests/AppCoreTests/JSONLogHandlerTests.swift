import AppCore
import Foundation
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
}
