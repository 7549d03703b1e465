/// Lowercase hexadecimal encoding of bytes.
enum Hex {
    private static let digits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Encodes `bytes` as lowercase hex.
    static func encode<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var out: [UInt8] = []
        Array(bytes).withUnsafeBytes { append($0, to: &out) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `bytes` as lowercase hex to `buffer`: grown once, then written in place.
    static func append(_ bytes: UnsafeRawBufferPointer, to buffer: inout [UInt8]) {
        let start = buffer.count
        buffer.append(contentsOf: repeatElement(0, count: 2 * bytes.count))
        digits.withUnsafeBufferPointer { digits in
            buffer.withUnsafeMutableBufferPointer { out in
                var index = start
                for byte in bytes {
                    out[index] = digits[Int(byte >> 4)]
                    out[index + 1] = digits[Int(byte & 0x0F)]
                    index += 2
                }
            }
        }
    }
}
