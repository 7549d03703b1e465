import CJournald

/// Appends journal fields for the native protocol; the encoding itself (plain `KEY=value\n` or
/// the binary-safe form) is decided in one place, `fj_field_head`, which `JournalLineFields`
/// and the Swift processes' `JournaldLogging` use too.
enum JournalField {
    /// Appends one field to `buffer`.
    static func append(_ key: String, _ value: some Collection<UInt8>, to buffer: inout ByteBuffer) {
        let bytes = Array(value)
        var head = [UInt8](repeating: 0, count: Int(FJ_FIELD_HEAD_MAX))
        let length = head.withUnsafeMutableBytes { out in
            bytes.withUnsafeBytes { fj_field_head(key, key.utf8.count, $0.baseAddress, $0.count, out.baseAddress) }
        }
        head.withUnsafeBytes { buffer.append(UnsafeRawBufferPointer(rebasing: $0[..<length])) }
        buffer.append(bytes)
        buffer.append(byte: 10)
    }

    /// Appends one field whose value is text.
    static func append(_ key: String, _ value: String, to buffer: inout ByteBuffer) {
        append(key, Array(value.utf8), to: &buffer)
    }
}
