extension JSONParser {
    /// A string, the position at its opening quote. Runs without escapes are copied as they
    /// are (after checking they are UTF-8); the string is assembled in a buffer only once an
    /// escape appears.
    mutating func readString() throws(ControlProtocolError) -> String {
        let openingQuote = position
        position += 1
        var runStart = position
        // Once a string has an escape: its bytes so far (appended to in place; copying it per
        // escape made a string of escapes take quadratic time).
        var unescaped: [UInt8] = []
        var hasEscapes = false
        while position < bytes.count {
            let byte = bytes[position]
            switch byte {
            case .quote:
                let run = UnsafeBufferPointer(rebasing: bytes[runStart..<position])
                position += 1
                guard hasEscapes else { return String(decoding: run, as: UTF8.self) }
                unescaped.append(contentsOf: run)
                return String(decoding: unescaped, as: UTF8.self)
            case .backslash:
                hasEscapes = true
                unescaped.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<position]))
                try readEscape(into: &unescaped)
                runStart = position
            case ..<0x20:
                throw controlCharacterError(byte)
            case 0x80...:
                position += try utf8SequenceLength()
            default:
                position += 1
            }
        }
        throw syntaxError("a string that never ends (no closing '\"')", at: openingQuote)
    }

    /// An escape, the position at its backslash.
    private mutating func readEscape(into text: inout [UInt8]) throws(ControlProtocolError) {
        let start = position
        guard position + 1 < bytes.count else {
            throw syntaxError("a string that never ends (no closing '\"')", at: start)
        }
        let letter = bytes[position + 1]
        position += 2
        switch letter {
        case .quote, .backslash, UInt8(ascii: "/"): text.append(letter)
        case UInt8(ascii: "b"): text.append(0x08)
        case UInt8(ascii: "f"): text.append(0x0C)
        case UInt8(ascii: "n"): text.append(0x0A)
        case UInt8(ascii: "r"): text.append(0x0D)
        case UInt8(ascii: "t"): text.append(0x09)
        case UInt8(ascii: "u"): text.append(contentsOf: try readUnicodeEscape(from: start).utf8)
        default:
            position = start + 1
            let shown = found()
            position = start
            throw syntaxError(
                "unknown escape: a backslash followed by \(shown)",
                hint: #"escape only with \" \\ \/ \b \f \n \r \t or \uXXXX"#)
        }
    }

    /// `\uXXXX`, or a surrogate pair `\uD83D\uDE00`; the position after the first `\u`.
    private mutating func readUnicodeEscape(from start: Int) throws(ControlProtocolError) -> Unicode.Scalar {
        let first = try readHex4(escapeAt: start)
        switch first {
        case 0xD800...0xDBFF:
            let lowStart = position
            guard consume(.backslash), consume(UInt8(ascii: "u")) else {
                throw loneSurrogateError(first, at: start)
            }
            let second = try readHex4(escapeAt: lowStart)
            guard (0xDC00...0xDFFF).contains(second) else { throw loneSurrogateError(first, at: start) }
            let value = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
            guard let scalar = Unicode.Scalar(value) else { preconditionFailure("a surrogate pair is always a scalar") }
            return scalar
        case 0xDC00...0xDFFF:
            throw loneSurrogateError(first, at: start)
        default:
            guard let scalar = Unicode.Scalar(first) else { preconditionFailure("a non-surrogate BMP value is a scalar") }
            return scalar
        }
    }

    private mutating func readHex4(escapeAt start: Int) throws(ControlProtocolError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            let digit: UInt8
            switch position < bytes.count ? bytes[position] : 0 {
            case let byte where (0x30...0x39).contains(byte): digit = byte - 0x30
            case let byte where (0x41...0x46).contains(byte): digit = byte - 0x41 + 10
            case let byte where (0x61...0x66).contains(byte): digit = byte - 0x61 + 10
            default:
                throw syntaxError("'\\u' needs four hex digits", at: start, hint: #"write e.g. \u00e9"#)
            }
            value = value << 4 | UInt32(digit)
            position += 1
        }
        return value
    }

    /// The length of the UTF-8 sequence at the position (RFC 3629: no overlong forms, no
    /// surrogates, nothing above U+10FFFF), or an error at its first byte.
    private func utf8SequenceLength() throws(ControlProtocolError) -> Int {
        let lead = bytes[position]
        var secondRange: ClosedRange<UInt8> = 0x80...0xBF
        let length: Int
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; secondRange = 0xA0...0xBF
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; secondRange = 0x80...0x9F
        case 0xF0: length = 4; secondRange = 0x90...0xBF
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; secondRange = 0x80...0x8F
        default: throw invalidUTF8Error(length: 1)
        }
        guard position + 1 < bytes.count, secondRange.contains(bytes[position + 1]) else {
            throw invalidUTF8Error(length: 2)
        }
        for index in 2..<length where position + index >= bytes.count || !(0x80...0xBF).contains(bytes[position + index]) {
            throw invalidUTF8Error(length: index + 1)
        }
        return length
    }

    private func invalidUTF8Error(length: Int) -> ControlProtocolError {
        let shown = bytes[position..<min(position + length, bytes.count)].map { "0x" + hex($0) }
        return ControlProtocolError(
            code: .invalidText, subject: .json, offset: position,
            reason: "bytes that are not UTF-8 in a string (\(shown.joined(separator: " ")))",
            hint: "send text as UTF-8")
    }

    private func controlCharacterError(_ byte: UInt8) -> ControlProtocolError {
        let escape = switch byte {
        case 0x0A: #"\n"#
        case 0x0D: #"\r"#
        case 0x09: #"\t"#
        default: #"\u00"# + hex(byte).lowercased()
        }
        return syntaxError("a control character (U+00\(hex(byte))) in a string", hint: "escape it as \(escape)")
    }

    private func loneSurrogateError(_ value: UInt32, at start: Int) -> ControlProtocolError {
        let escape = "\\u" + String(value, radix: 16, uppercase: true)
        let reason = (0xD800...0xDBFF).contains(value)
            ? "a lone high surrogate \(escape) (not followed by a low one, \\uDC00-\\uDFFF)"
            : "a lone low surrogate \(escape) (not preceded by a high one, \\uD800-\\uDBFF)"
        return ControlProtocolError(
            code: .invalidText, subject: .json, offset: start, reason: reason,
            hint: "escape a character above U+FFFF as a surrogate pair, or send it as UTF-8")
    }
}
