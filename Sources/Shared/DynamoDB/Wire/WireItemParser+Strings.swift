extension WireItemParser {
    /// A JSON string. Without escapes, the bytes between the quotes become the string at once;
    /// with them, the unescaped bytes are gathered in `scratch` first.
    mutating func readString() throws(WireItemError) -> String {
        skipWhitespace()
        try expect(.quote, "a string")
        let start = position
        while position < bytes.count {
            let byte = bytes[position]
            if byte == .quote {
                let text = try makeString(UnsafeRawBufferPointer(rebasing: bytes[start..<position]), at: start)
                position += 1
                return text
            }
            if byte == .backslash {
                scratch.removeAll(keepingCapacity: true)
                scratch.append(contentsOf: bytes[start..<position])
                return try readEscapedString(from: start)
            }
            if byte < 0x20 { throw failure("a control character inside a string (escape it)") }
            position += 1
        }
        throw WireItemError(offset: start - 1, reason: "a string that never ends")
    }

    private mutating func readEscapedString(from start: Int) throws(WireItemError) -> String {
        while position < bytes.count {
            let byte = bytes[position]
            position += 1
            switch byte {
            case .quote:
                return try validated(scratch, at: start)
            case .backslash:
                try readEscape()
            case ..<0x20:
                position -= 1
                throw failure("a control character inside a string (escape it)")
            default:
                scratch.append(byte)
            }
        }
        throw WireItemError(offset: start - 1, reason: "a string that never ends")
    }

    /// The escape after a backslash.
    private mutating func readEscape() throws(WireItemError) {
        guard position < bytes.count else { throw failure("a string that never ends") }
        let byte = bytes[position]
        position += 1
        switch byte {
        case .quote, .backslash, 0x2F: scratch.append(byte)
        case 0x62: scratch.append(0x08)  // b
        case 0x66: scratch.append(0x0C)  // f
        case 0x6E: scratch.append(0x0A)  // n
        case 0x72: scratch.append(0x0D)  // r
        case 0x74: scratch.append(0x09)  // t
        case 0x75: try readUnicodeEscape()
        default:
            position -= 1
            throw failure("unknown escape '\\\(Character(Unicode.Scalar(byte)))'")
        }
    }

    /// `\uXXXX`, or a surrogate pair `\uD83D\uDE00`.
    private mutating func readUnicodeEscape() throws(WireItemError) {
        let start = position - 2
        let first = try readHex4()
        var value = UInt32(first)
        if (0xD800...0xDBFF).contains(first) {
            guard consume("\\u") else { throw WireItemError(offset: start, reason: "a high surrogate without its low half") }
            let second = try readHex4()
            guard (0xDC00...0xDFFF).contains(second) else { throw WireItemError(offset: start, reason: "a high surrogate without its low half") }
            value = 0x10000 + ((UInt32(first) - 0xD800) << 10) + (UInt32(second) - 0xDC00)
        } else if (0xDC00...0xDFFF).contains(first) {
            throw WireItemError(offset: start, reason: "a low surrogate without its high half")
        }
        guard let scalar = Unicode.Scalar(value) else { throw WireItemError(offset: start, reason: "not a Unicode scalar") }
        scratch.append(contentsOf: scalar.utf8)
    }

    private mutating func readHex4() throws(WireItemError) -> UInt16 {
        guard bytes.count - position >= 4 else { throw failure("\\u needs four hex digits") }
        var value: UInt16 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            let digit: UInt8
            switch byte {
            case 0x30...0x39: digit = byte - 0x30
            case 0x41...0x46: digit = byte - 0x41 + 10
            case 0x61...0x66: digit = byte - 0x61 + 10
            default: throw failure("\\u needs four hex digits")
            }
            value = value << 4 | UInt16(digit)
            position += 1
        }
        return value
    }

    /// The bytes between two quotes. ASCII (names, keys, colours: the usual case) needs no
    /// validation; anything else is validated as UTF-8.
    private func makeString(_ utf8: UnsafeRawBufferPointer, at offset: Int) throws(WireItemError) -> String {
        if !utf8.contains(where: { $0 >= 0x80 }) {
            return utf8.withMemoryRebound(to: UInt8.self) { String(decoding: $0, as: UTF8.self) }
        }
        return try validated(utf8, at: offset)
    }

    private func validated(_ utf8: some Sequence<UInt8>, at offset: Int) throws(WireItemError) -> String {
        guard let text = String(validating: utf8, as: UTF8.self) else {
            throw WireItemError(offset: offset, reason: "a string that is not valid UTF-8")
        }
        return text
    }
}
