/// The state of one `JSONValue.parse`: a position in contiguous bytes and the arrays and
/// objects still open (kept on the heap, so that nesting costs no native stack). The innermost
/// container is appended to in place: a copy per element would make long arrays quadratic.
struct JSONParser {
    let bytes: UnsafeBufferPointer<UInt8>
    private let maxDepth: Int
    var position = 0
    /// The open containers, innermost last; their contents are in `arrays` and `objects`.
    private var open: [ContainerKind] = []
    private var arrays: [[JSONValue]] = []
    private var objects: [OpenObject] = []

    private enum ContainerKind {
        case array, object
    }

    private struct OpenObject {
        var members: [(String, JSONValue)] = []
        var keys: Set<ExactKey> = []
        /// The key whose value is being read.
        var key = ""
    }

    init(_ bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int) {
        self.bytes = bytes
        self.maxDepth = maxDepth
    }

    /// The one value of the input, with only whitespace around it.
    mutating func parseDocument() throws(ControlProtocolError) -> JSONValue {
        while true {
            // A scalar or an empty container completes a value; a non-empty container is
            // opened and the loop reads its first element or member value.
            guard var value = try readScalarOrOpen() else { continue }
            while true {
                guard let innermost = open.last else {
                    skipWhitespace()
                    guard position == bytes.count else {
                        throw syntaxError("unexpected \(found()) after the value", hint: "send one JSON value per line")
                    }
                    return value
                }
                guard let closed = try add(value, to: innermost) else { break }
                value = closed
            }
        }
    }

    /// A scalar or an empty container; nil after opening a non-empty container (the position
    /// at its first value).
    private mutating func readScalarOrOpen() throws(ControlProtocolError) -> JSONValue? {
        skipWhitespace()
        guard position < bytes.count else { throw syntaxError("expected a value, found the end of the input") }
        switch bytes[position] {
        case .openBracket:
            try enterContainer()
            position += 1
            skipWhitespace()
            if consume(.closeBracket) { return .array([]) }
            open.append(.array)
            arrays.append([])
            return nil
        case .openBrace:
            try enterContainer()
            position += 1
            skipWhitespace()
            if consume(.closeBrace) { return .object([]) }
            open.append(.object)
            objects.append(OpenObject())
            try readKey(expected: "a key in double quotes or '}'")
            return nil
        case .quote:
            return .string(try readString())
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return .number(try readNumber())
        default:
            if consume("true") { return .bool(true) }
            if consume("false") { return .bool(false) }
            if consume("null") { return .null }
            if startsWith("NaN") || startsWith("Infinity") { throw nonFiniteError() }
            throw syntaxError(
                "expected a value, found \(found())",
                hint: "a value is a string in double quotes, a number, true, false, null, an array or an object")
        }
    }

    /// Adds a completed value to the innermost container. Returns the container, closed, when
    /// its closing bracket follows; nil after a comma (the position at the next value).
    private mutating func add(_ value: JSONValue, to innermost: ContainerKind) throws(ControlProtocolError) -> JSONValue? {
        skipWhitespace()
        switch innermost {
        case .array:
            arrays[arrays.count - 1].append(value)
            if consume(.comma) { return nil }
            guard consume(.closeBracket) else {
                throw syntaxError("expected ',' or ']' after an element, found \(found())")
            }
            open.removeLast()
            return .array(arrays.removeLast())
        case .object:
            let last = objects.count - 1
            objects[last].members.append((objects[last].key, value))
            if consume(.comma) {
                try readKey(expected: "a key in double quotes after ','")
                return nil
            }
            guard consume(.closeBrace) else {
                throw syntaxError("expected ',' or '}' after a member, found \(found())")
            }
            open.removeLast()
            return .object(objects.removeLast().members)
        }
    }

    /// `"key":` of the innermost object, refusing a key it already has.
    private mutating func readKey(expected: String) throws(ControlProtocolError) {
        skipWhitespace()
        let start = position
        guard position < bytes.count, bytes[position] == .quote else {
            throw syntaxError("expected \(expected), found \(found())")
        }
        let key = try readString()
        let last = objects.count - 1
        guard objects[last].keys.insert(ExactKey(key)).inserted else {
            throw ControlProtocolError(
                code: .duplicateKey, subject: .json, offset: start,
                reason: "duplicate key \(ControlProtocolError.quoted(key))",
                hint: "name each key once in an object")
        }
        skipWhitespace()
        guard consume(.colon) else {
            throw syntaxError("expected ':' after the key \(ControlProtocolError.quoted(key)), found \(found())")
        }
        objects[last].key = key
    }

    private func enterContainer() throws(ControlProtocolError) {
        guard open.count < maxDepth else {
            throw ControlProtocolError(
                code: .tooDeep, subject: .json, offset: position,
                reason: "arrays and objects nested deeper than \(maxDepth) levels",
                hint: "nest at most \(maxDepth) levels")
        }
    }

    // MARK: Bytes

    mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x0A, 0x0D, 0x09: position += 1
            default: return
            }
        }
    }

    mutating func consume(_ byte: UInt8) -> Bool {
        guard position < bytes.count, bytes[position] == byte else { return false }
        position += 1
        return true
    }

    mutating func consume(_ literal: StaticString) -> Bool {
        guard startsWith(literal) else { return false }
        position += literal.utf8CodeUnitCount
        return true
    }

    func startsWith(_ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard bytes.count - position >= count else { return false }
        return (0..<count).allSatisfy { bytes[position + $0] == literal.utf8Start[$0] }
    }

    /// The byte at the position, for a message: `'x'`, `byte 0xC3`, or `the end of the input`.
    func found() -> String {
        guard position < bytes.count else { return "the end of the input" }
        let byte = bytes[position]
        guard byte > 0x20, byte < 0x7F else { return "byte 0x\(hex(byte))" }
        return "'\(Character(Unicode.Scalar(byte)))'"
    }

    func hex(_ byte: UInt8) -> String {
        let digits = String(byte, radix: 16, uppercase: true)
        return byte < 0x10 ? "0" + digits : digits
    }

    func syntaxError(_ reason: String, at offset: Int? = nil, hint: String? = nil) -> ControlProtocolError {
        ControlProtocolError(code: .syntax, subject: .json, offset: offset ?? position, reason: reason, hint: hint)
    }
}

extension UInt8 {
    static let quote = UInt8(ascii: "\"")
    static let backslash = UInt8(ascii: "\\")
    static let colon = UInt8(ascii: ":")
    static let comma = UInt8(ascii: ",")
    static let openBrace = UInt8(ascii: "{")
    static let closeBrace = UInt8(ascii: "}")
    static let openBracket = UInt8(ascii: "[")
    static let closeBracket = UInt8(ascii: "]")
}

/// A key compared and hashed by its Unicode scalars (JSON's equality of names), for finding
/// duplicates.
struct ExactKey: Hashable {
    let text: String

    init(_ text: String) { self.text = text }

    static func == (lhs: ExactKey, rhs: ExactKey) -> Bool { sameScalars(lhs.text, rhs.text) }

    func hash(into hasher: inout Hasher) {
        for byte in text.utf8 { hasher.combine(byte) }
    }
}
