import CJournald

/// Encodes journal fields for the native protocol: `KEY=value\n` for plain text, and the
/// binary-safe `KEY\n<length, 8 bytes little-endian><bytes>\n` for a value holding a newline,
/// another control byte or invalid UTF-8, so a value can never end early and forge a field.
enum JournalField {
    /// Appends one field to `buffer`.
    static func append(_ key: String, _ value: some Collection<UInt8>, to buffer: inout ByteBuffer) {
        let bytes = Array(value)
        let binary = bytes.withUnsafeBytes { fj_value_needs_binary($0.baseAddress, $0.count) != 0 }
        buffer.append(Array(key.utf8))
        if binary {
            buffer.append(byte: 10)
            var length: [UInt8] = Array(repeating: 0, count: 8)
            length.withUnsafeMutableBytes { fj_store_le64($0.baseAddress, UInt64(bytes.count)) }
            buffer.append(length)
        } else {
            buffer.append(byte: UInt8(ascii: "="))
        }
        buffer.append(bytes)
        buffer.append(byte: 10)
    }

    /// Appends one field whose value is text.
    static func append(_ key: String, _ value: String, to buffer: inout ByteBuffer) {
        append(key, Array(value.utf8), to: &buffer)
    }
}
