import CJournald

/// A journal entry being encoded for the native protocol (fields as `fj_field_head` lays them out).
struct JournalEntry {
    private(set) var bytes: [UInt8] = []

    init() { bytes.reserveCapacity(512) }

    /// Appends a field; `key` must already be a valid field name (see `fieldName(for:)`). The
    /// encoding is `fj_field_head`'s, the one the supervisor uses too.
    mutating func append(_ key: String, _ value: String) {
        let data = Array(value.utf8)
        var head = [UInt8](repeating: 0, count: Int(FJ_FIELD_HEAD_MAX))
        let length = head.withUnsafeMutableBytes { out in
            data.withUnsafeBytes { fj_field_head(key, key.utf8.count, $0.baseAddress, $0.count, out.baseAddress) }
        }
        bytes += head[..<length]
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
