import CJournald

/// A journal entry being encoded for the native protocol: `KEY=value\n`, or the binary-safe
/// `KEY\n<length, 8 bytes little-endian><bytes>\n` when the value holds a newline, another
/// control byte or invalid UTF-8 (so no value can end early and forge a field).
struct JournalEntry {
    private(set) var bytes: [UInt8] = []

    init() { bytes.reserveCapacity(512) }

    /// Appends a field; `key` must already be a valid field name (see `fieldName(for:)`).
    mutating func append(_ key: String, _ value: String) {
        let data = Array(value.utf8)
        bytes += key.utf8
        if data.withUnsafeBytes({ fj_value_needs_binary($0.baseAddress, $0.count) }) != 0 {
            bytes.append(10)
            var length: [UInt8] = Array(repeating: 0, count: 8)
            length.withUnsafeMutableBytes { fj_store_le64($0.baseAddress, UInt64(data.count)) }
            bytes += length
        } else {
            bytes.append(UInt8(ascii: "="))
        }
        bytes += data
        bytes.append(10)
    }

    /// A valid journal field name made from a metadata key: upper case, only `A-Z`, `0-9`
    /// and `_`, starting with a letter, at most 64 bytes (journald ignores other names).
    static func fieldName(for key: String) -> String {
        var name = String(key.uppercased().unicodeScalars.map { scalar -> Character in
            switch scalar {
            case "A"..."Z", "0"..."9": return Character(scalar)
            default: return "_"
            }
        })
        if let first = name.unicodeScalars.first, !("A"..."Z").contains(first) { name = "M" + name }
        if name.isEmpty { name = "M" }
        return String(name.prefix(64))
    }
}
