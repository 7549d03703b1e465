/// Finds where a JSON text first goes wrong, for error messages that point at a line and
/// column (Foundation's JSONSerialization only says that it went wrong). Pure; RFC 8259 syntax.
public enum JSONSyntax {
    /// The first syntax error: a 1-based line and column (in bytes) and what was expected.
    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        public let line: Int
        public let column: Int
        public let expected: String

        public var description: String { "line \(line), column \(column): expected \(expected)" }
    }

    /// nil when `bytes` is one valid JSON value (with surrounding whitespace).
    public static func firstProblem(in bytes: [UInt8]) -> Problem? {
        var scanner = Scanner(bytes: bytes)
        guard let offset = scanner.document() else { return nil }
        var line = 1
        var lineStart = 0
        for index in 0..<min(offset, bytes.count) where bytes[index] == UInt8(ascii: "\n") {
            line += 1
            lineStart = index + 1
        }
        return Problem(line: line, column: offset - lineStart + 1, expected: scanner.expected)
    }

    /// A recursive-descent checker; each method returns false at the first error, leaving
    /// `position` on it and `expected` saying what should have been there.
    private struct Scanner {
        let bytes: [UInt8]
        var position = 0
        var expected = ""
        var depth = 0

        /// The offset of the first error, or nil.
        mutating func document() -> Int? {
            skipSpace()
            guard value() else { return position }
            skipSpace()
            guard position == bytes.count else { return fail("the end of the document") }
            return nil
        }

        private mutating func fail(_ what: String) -> Int? {
            expected = what
            return position
        }

        private mutating func failed(_ what: String) -> Bool {
            expected = what
            return false
        }

        private var current: UInt8? { position < bytes.count ? bytes[position] : nil }

        private mutating func skipSpace() {
            while let byte = current, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { position += 1 }
        }

        private mutating func value() -> Bool {
            switch current {
            case UInt8(ascii: "{"): return container(close: UInt8(ascii: "}"), keyed: true)
            case UInt8(ascii: "["): return container(close: UInt8(ascii: "]"), keyed: false)
            case UInt8(ascii: "\""): return string()
            case UInt8(ascii: "t"): return literal("true")
            case UInt8(ascii: "f"): return literal("false")
            case UInt8(ascii: "n"): return literal("null")
            case let byte? where byte == UInt8(ascii: "-") || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")): return number()
            default: return failed("a value (object, array, string, number, true, false or null)")
            }
        }

        private mutating func container(close: UInt8, keyed: Bool) -> Bool {
            depth += 1
            defer { depth -= 1 }
            guard depth <= 512 else { return failed("at most 512 nested objects and arrays") }
            position += 1
            skipSpace()
            if current == close {
                position += 1
                return true
            }
            while true {
                if keyed {
                    guard current == UInt8(ascii: "\"") else { return failed("a key in double quotes") }
                    guard string() else { return false }
                    skipSpace()
                    guard current == UInt8(ascii: ":") else { return failed("':' after the key") }
                    position += 1
                    skipSpace()
                }
                guard value() else { return false }
                skipSpace()
                if current == UInt8(ascii: ",") {
                    position += 1
                    skipSpace()
                    continue
                }
                guard current == close else { return failed(keyed ? "',' or '}'" : "',' or ']'") }
                position += 1
                return true
            }
        }

        private mutating func string() -> Bool {
            position += 1
            while let byte = current {
                switch byte {
                case UInt8(ascii: "\""):
                    position += 1
                    return true
                case UInt8(ascii: "\\"):
                    position += 1
                    guard let escaped = current, Array("\"\\/bfnrtu".utf8).contains(escaped) else { return failed("an escape: \\\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX") }
                    position += 1
                    if escaped == UInt8(ascii: "u") {
                        for _ in 0..<4 {
                            guard let hex = current, hex.isHexDigit else { return failed("four hex digits after \\u") }
                            position += 1
                        }
                    }
                case 0..<0x20:
                    return failed("no control character inside a string (escape it)")
                default:
                    position += 1
                }
            }
            return failed("'\"' closing the string")
        }

        private mutating func literal(_ word: String) -> Bool {
            for byte in word.utf8 {
                guard current == byte else { return failed(word) }
                position += 1
            }
            return true
        }

        private mutating func number() -> Bool {
            if current == UInt8(ascii: "-") { position += 1 }
            guard let first = current, first.isDigit else { return failed("a digit") }
            position += 1
            if first != UInt8(ascii: "0") { while let byte = current, byte.isDigit { position += 1 } }
            if current == UInt8(ascii: ".") {
                position += 1
                guard let byte = current, byte.isDigit else { return failed("a digit after '.'") }
                while let byte = current, byte.isDigit { position += 1 }
            }
            if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
                position += 1
                if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { position += 1 }
                guard let byte = current, byte.isDigit else { return failed("a digit in the exponent") }
                while let byte = current, byte.isDigit { position += 1 }
            }
            return true
        }
    }
}

extension UInt8 {
    fileprivate var isDigit: Bool { self >= UInt8(ascii: "0") && self <= UInt8(ascii: "9") }
    fileprivate var isHexDigit: Bool {
        isDigit || (self >= UInt8(ascii: "a") && self <= UInt8(ascii: "f")) || (self >= UInt8(ascii: "A") && self <= UInt8(ascii: "F"))
    }
}
