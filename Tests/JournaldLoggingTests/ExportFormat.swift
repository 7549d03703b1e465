import Testing

/// journalctl's export format (systemd's "Journal Export Format"): entries separated by an
/// empty line; a field is `KEY=value\n`, or `KEY\n`, a 64-bit little-endian length, the bytes
/// and `\n` when the value is not plain text.
enum ExportFormat {
    struct Malformed: Error, CustomStringConvertible {
        var description: String
    }

    static func parse(_ bytes: [UInt8]) throws -> [[(key: String, value: [UInt8])]] {
        var entries: [[(key: String, value: [UInt8])]] = []
        var current: [(key: String, value: [UInt8])] = []
        var index = 0
        while index < bytes.count {
            if bytes[index] == 10 {
                if !current.isEmpty { entries.append(current) }
                current = []
                index += 1
                continue
            }
            guard let lineEnd = bytes[index...].firstIndex(of: 10) else { throw Malformed(description: "unterminated field at byte \(index)") }
            let line = bytes[index..<lineEnd]
            if let equals = line.firstIndex(of: UInt8(ascii: "=")) {
                current.append((String(decoding: bytes[index..<equals], as: UTF8.self), Array(bytes[(equals + 1)..<lineEnd])))
                index = lineEnd + 1
            } else {
                let start = lineEnd + 1
                guard start + 8 <= bytes.count else { throw Malformed(description: "binary field without its length at byte \(index)") }
                let length = (0..<8).reduce(0) { $0 | Int(bytes[start + $1]) << (8 * $1) }
                let valueEnd = start + 8 + length
                guard valueEnd < bytes.count, bytes[valueEnd] == 10 else { throw Malformed(description: "binary field of \(length) bytes cut short at byte \(index)") }
                current.append((String(decoding: line, as: UTF8.self), Array(bytes[(start + 8)..<valueEnd])))
                index = valueEnd + 1
            }
        }
        if !current.isEmpty { entries.append(current) }
        return entries
    }
}
