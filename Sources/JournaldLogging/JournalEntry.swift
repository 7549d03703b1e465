/// A journal entry as libsystemd's `sd_journal_sendv` takes it: one `KEY=value` item per field.
/// A value may hold any bytes, newlines included: libsystemd chooses the binary-safe form itself.
struct JournalEntry {
    /// Every field's `KEY=value`, one after the other.
    private(set) var bytes: [UInt8] = []
    /// Where each field ends in `bytes`.
    private(set) var ends: [Int] = []

    init() {
        bytes.reserveCapacity(512)
        ends.reserveCapacity(16)
    }

    /// Appends a field; `key` must already be a valid field name (see `fieldName(for:)`).
    mutating func append(_ key: String, _ value: String) {
        bytes += key.utf8
        bytes.append(UInt8(ascii: "="))
        bytes += value.utf8
        ends.append(bytes.count)
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
