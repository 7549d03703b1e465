import CJournald
import CSystemd
import Foundation
import JournaldTestSupport
import Testing

/// The supervisor's own encoder of journald's native protocol (CJournald: `fj_field_head`,
/// `fj_native_send`, which the supervisor links statically) against libsystemd's
/// `sd_journal_sendv`: the same entries sent both ways into a real journald read back the same
/// in `journalctl -o export`, but for the fields journald adds per datagram.
@Suite("journald encoders agree: CJournald and sd_journal_sendv", .serialized, .journald)
struct EncoderDifferentialTests {
    /// A field's name and its bytes.
    typealias Field = (key: String, value: [UInt8])

    /// Fields journald sets itself, which differ between two datagrams of one process (times,
    /// cursors, sequence numbers) or name the sending process or thread.
    static let ignored: Set<String> = [
        "__CURSOR", "__REALTIME_TIMESTAMP", "__MONOTONIC_TIMESTAMP", "__SEQNUM", "__SEQNUM_ID", "_BOOT_ID",
        "_SOURCE_REALTIME_TIMESTAMP", "_SOURCE_MONOTONIC_TIMESTAMP", "_PID", "_COMM", "_EXE", "_CMDLINE",
        "_STREAM_ID", "_RUNTIME_SCOPE", "ENCODER",
    ]

    /// The entries: a binary field with NUL and 0xFF bytes, values with newlines (and one that is
    /// only a newline), an empty value, tabs and control bytes, invalid and valid UTF-8, a
    /// 100 KB value, and an entry of 200 fields.
    static func entries(run: String) -> [[Field]] {
        func text(_ key: String, _ value: String) -> Field { (key, Array(value.utf8)) }
        var many: [Field] = [text("CASE", "many"), text("MESSAGE", "two hundred fields")]
        for index in 0..<198 { many.append(text(String(format: "FIELD_%03d", index), "value \(index)\(index.isMultiple(of: 7) ? "\nsecond line" : "")")) }
        let big = (0..<100_000).map { UInt8(ascii: "a") + UInt8($0 % 26) }
        let cases: [[Field]] = [
            [text("CASE", "binary"), text("MESSAGE", "binary"), ("BLOB", [0, 0xFF, 1, 0x41, 0, 0xFE, 0xFF, 10, 0])],
            [text("CASE", "newlines"), text("MESSAGE", "first\nPRIORITY=0\n\nlast\n"), text("ONLY_NEWLINE", "\n"), text("EMPTY", "")],
            [text("CASE", "text"), text("MESSAGE", "tab\there, bell\u{7}, DEL\u{7F}, é ✓"), ("INVALID_UTF8", [0x61, 0xC3, 0x28, 0x80])],
            [text("CASE", "big"), text("MESSAGE", "100 KB"), ("BIG", big)],
            many,
        ]
        // SYSLOG_IDENTIFIER in every entry, as the supervisor and JournaldLogHandler always send
        // one: without it sd_journal_sendv adds its own (the program's name), which the native
        // protocol leaves to the sender (the first run of this test found that difference).
        return cases.map { [text("TEST_RUN", run), text("PRIORITY", "6"), text("SYSLOG_IDENTIFIER", "differential")] + $0 }
    }

    /// Sends through CJournald's encoder: each field's head from `fj_field_head`, then its bytes
    /// and a newline, as the supervisor's `JournalField.append` lays them out, in one datagram.
    static func sendNative(_ fields: [Field]) throws {
        var datagram: [UInt8] = []
        for (key, value) in fields {
            var head = [UInt8](repeating: 0, count: Int(FJ_FIELD_HEAD_MAX))
            let length = head.withUnsafeMutableBytes { out in
                value.withUnsafeBytes { fj_field_head(key, key.utf8.count, $0.baseAddress, $0.count, out.baseAddress) }
            }
            datagram += head[..<length] + value + [10]
        }
        var fd: Int32 = -1
        try #require(fj_native_open(&fd) == 0)
        defer { close(fd) }
        let error = datagram.withUnsafeMutableBytes { raw in
            var iov = iovec(iov_base: raw.baseAddress, iov_len: raw.count)
            return fj_native_send(fd, &iov, 1, nil)
        }
        #expect(error == 0, "fj_native_send: errno \(error)")
    }

    /// Sends through libsystemd: one `KEY=value` iovec per field.
    static func sendLibsystemd(_ fields: [Field]) {
        let items = fields.map { Array($0.key.utf8) + [UInt8(ascii: "=")] + $0.value }
        let pointers = items.map { item -> UnsafeMutableRawBufferPointer in
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: item.count, alignment: 1)
            buffer.copyBytes(from: item)
            return buffer
        }
        defer { pointers.forEach { $0.deallocate() } }
        let iovecs = pointers.map { iovec(iov_base: $0.baseAddress, iov_len: $0.count) }
        let result = iovecs.withUnsafeBufferPointer { sd_journal_sendv($0.baseAddress, Int32($0.count)) }
        #expect(result == 0, "sd_journal_sendv: \(result)")
    }

    @Test("binary, multi-line, empty, invalid UTF-8, 100 KB and 200-field entries: identical in journalctl -o export")
    func identical() async throws {
        let run = UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        let entries = Self.entries(run: run)
        for entry in entries {
            try Self.sendNative(entry + [("ENCODER", Array("cjournald".utf8))])
            Self.sendLibsystemd(entry + [("ENCODER", Array("libsystemd".utf8))])
        }
        let exported = try await Self.export(run: run, count: entries.count * 2)
        #expect(exported.count == entries.count * 2, "\(exported.count) entries read back")
        for entry in entries {
            let name = String(decoding: entry[3].value, as: UTF8.self)
            let pair = exported.filter { fields in fields.contains { $0.key == "CASE" && $0.value == entry[3].value } }
            let native = pair.first { $0.contains { $0.key == "ENCODER" && $0.value == Array("cjournald".utf8) } }
            let libsystemd = pair.first { $0.contains { $0.key == "ENCODER" && $0.value == Array("libsystemd".utf8) } }
            let nativeFields = try #require(native.map(Self.comparable), "case \(name): the CJournald entry is missing")
            let libsystemdFields = try #require(libsystemd.map(Self.comparable), "case \(name): the sd_journal_sendv entry is missing")
            #expect(nativeFields.map(\.key) == libsystemdFields.map(\.key), "case \(name): field names differ")
            #expect(nativeFields.map(\.value) == libsystemdFields.map(\.value), "case \(name): values differ")
            // And both are what was sent, field for field.
            let sent = entry.map { ($0.key, $0.value) }.sorted(by: Self.order)
            let received = nativeFields.filter { !$0.key.hasPrefix("_") }
            #expect(received.map(\.key) == sent.map(\.0) && received.map(\.value) == sent.map(\.1), "case \(name): not what was sent")
        }
    }

    /// The fields to compare, sorted (journald does not keep the order of a datagram's fields).
    static func comparable(_ fields: [Field]) -> [Field] {
        fields.filter { !ignored.contains($0.key) && !$0.key.hasPrefix("__") }.sorted(by: order)
    }

    static func order(_ a: Field, _ b: Field) -> Bool {
        a.key != b.key ? a.key < b.key : a.value.lexicographicallyPrecedes(b.value)
    }

    /// `journalctl -o export TEST_RUN=run`, parsed, once `count` entries are there.
    static func export(run: String, count: Int) async throws -> [[Field]] {
        let deadline = Date().addingTimeInterval(15)
        var entries: [[Field]] = []
        repeat {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/journalctl")
            process.arguments = ["-q", "-o", "export", "--all", "TEST_RUN=\(run)"]
            let out = Pipe()
            process.standardOutput = out
            try process.run()
            let data = out.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            entries = try ExportFormat.parse(Array(data))
            if entries.count >= count { break }
            try await Task.sleep(for: .milliseconds(100))
        } while Date() < deadline
        return entries
    }
}
