import Foundation

/// Reads DynamoDB JSON, the wire form of an item (`{"Name":{"S":"x"},"Age":{"N":"42"}}`),
/// straight from UTF-8 bytes into an `Item`: one pass, no intermediate JSON tree and no Codable
/// containers (Foundation's JSONDecoder spent most of a stored item's read on both).
///
/// It is stricter than `AttributeValue`'s `Decodable`: an attribute value must hold exactly one
/// type key and nothing else. Strings are validated as UTF-8; escapes (`\uD83D\uDE00` included)
/// are decoded; nesting deeper than `maximumDepth` is refused instead of exhausting the stack.
public struct WireItemParser {
    let bytes: UnsafeRawBufferPointer
    var position = 0
    private var depth = 0
    /// Unescaped bytes of the string being read, reused between strings.
    var scratch: [UInt8] = []

    /// DynamoDB itself allows 32 levels of nested maps and lists.
    public static let maximumDepth = 64

    private init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    /// An attribute map: `{"Name":{"S":"x"},...}`.
    public static func item(from text: String) throws(WireItemError) -> Item {
        try parse(text) { parser throws(WireItemError) in try parser.readItem() }
    }

    /// An attribute map from UTF-8 bytes.
    public static func item(from bytes: UnsafeRawBufferPointer) throws(WireItemError) -> Item {
        var parser = WireItemParser(bytes)
        return try parser.whole { parser throws(WireItemError) in try parser.readItem() }
    }

    /// The attribute map under `key` of a JSON object (`{"Item":{...}}`: an export line, a
    /// GetItem answer); other members are skipped. Nil when the object has no such member.
    public static func member(_ key: String, from bytes: UnsafeRawBufferPointer) throws(WireItemError) -> Item? {
        var parser = WireItemParser(bytes)
        return try parser.whole { parser throws(WireItemError) in try parser.readMember(key) }
    }

    /// The same, from any contiguous bytes (an HTTP body, a line of a file).
    public static func member(_ key: String, from bytes: some ContiguousBytes) throws(WireItemError) -> Item? {
        let result: Result<Item?, WireItemError> = bytes.withUnsafeBytes { buffer in
            Result { () throws(WireItemError) -> Item? in try member(key, from: buffer) }
        }
        return try result.get()
    }

    private static func parse<T>(_ text: String, _ body: (inout WireItemParser) throws(WireItemError) -> T) throws(WireItemError) -> T {
        var text = text
        let result: Result<T, WireItemError> = text.withUTF8 { buffer in
            var parser = WireItemParser(UnsafeRawBufferPointer(buffer))
            return Result { () throws(WireItemError) -> T in try parser.whole(body) }
        }
        return try result.get()
    }

    /// Runs `body` on the whole input: only whitespace may follow.
    private mutating func whole<T>(_ body: (inout WireItemParser) throws(WireItemError) -> T) throws(WireItemError) -> T {
        let value = try body(&self)
        skipWhitespace()
        guard position == bytes.count else { throw failure("unexpected text after the end") }
        return value
    }

    // MARK: Items and attribute values

    mutating func readItem() throws(WireItemError) -> Item {
        var item: Item = [:]
        try readObject { parser, name throws(WireItemError) in
            item[name] = try parser.readAttributeValue()
        }
        return item
    }

    private mutating func readMember(_ key: String) throws(WireItemError) -> Item? {
        var found: Item?
        try readObject { parser, name throws(WireItemError) in
            if name == key { found = try parser.readItem() } else { try parser.skipValue() }
        }
        return found
    }

    private mutating func readAttributeValue() throws(WireItemError) -> AttributeValue {
        try enter()
        defer { depth -= 1 }
        skipWhitespace()
        try expect(.openBrace, "an attribute value ({\"S\": ...})")
        skipWhitespace()
        let typeOffset = position
        let type = try readString()
        skipWhitespace()
        try expect(.colon, "':' after the type key")
        let value: AttributeValue
        switch type {
        case "S": value = .s(try readString())
        case "N": value = .n(try readString())
        case "B": value = .b(try readBase64())
        case "BOOL": value = .bool(try readBool())
        case "NULL": _ = try readBool(); value = .null
        case "M": value = .m(try readItem())
        case "L": value = .l(try readArray { parser throws(WireItemError) in try parser.readAttributeValue() })
        case "SS": value = .ss(try readArray { parser throws(WireItemError) in try parser.readString() })
        case "NS": value = .ns(try readArray { parser throws(WireItemError) in try parser.readString() })
        case "BS": value = .bs(try readArray { parser throws(WireItemError) in try parser.readBase64() })
        default:
            throw WireItemError(offset: typeOffset, reason: "unknown attribute type \"\(type)\" (S, N, B, BOOL, NULL, M, L, SS, NS or BS)")
        }
        skipWhitespace()
        guard position < bytes.count, bytes[position] == .closeBrace else {
            throw failure("an attribute value holds exactly one type key; expected '}'")
        }
        position += 1
        return value
    }

    private mutating func readBase64() throws(WireItemError) -> Data {
        let offset = position
        let text = try readString()
        guard let data = Data(base64Encoded: text) else { throw WireItemError(offset: offset, reason: "binary value is not base64") }
        return data
    }

    private mutating func readBool() throws(WireItemError) -> Bool {
        skipWhitespace()
        if consume("true") { return true }
        if consume("false") { return false }
        throw failure("expected true or false")
    }

    // MARK: JSON structure

    /// `{ "name": value, ... }`, calling `member` positioned at each value.
    private mutating func readObject(_ member: (inout WireItemParser, String) throws(WireItemError) -> Void) throws(WireItemError) {
        try enter()
        defer { depth -= 1 }
        skipWhitespace()
        try expect(.openBrace, "'{'")
        skipWhitespace()
        if position < bytes.count, bytes[position] == .closeBrace {
            position += 1
            return
        }
        while true {
            skipWhitespace()
            let name = try readString()
            skipWhitespace()
            try expect(.colon, "':' after a name")
            try member(&self, name)
            skipWhitespace()
            if try separatorOrEnd(.closeBrace) { return }
        }
    }

    /// `[ element, ... ]`.
    private mutating func readArray<T>(_ element: (inout WireItemParser) throws(WireItemError) -> T) throws(WireItemError) -> [T] {
        try enter()
        defer { depth -= 1 }
        skipWhitespace()
        try expect(.openBracket, "'['")
        var elements: [T] = []
        skipWhitespace()
        if position < bytes.count, bytes[position] == .closeBracket {
            position += 1
            return elements
        }
        while true {
            elements.append(try element(&self))
            skipWhitespace()
            if try separatorOrEnd(.closeBracket) { return elements }
        }
    }

    /// After a member or element: true at the closing byte, false after a comma.
    private mutating func separatorOrEnd(_ close: UInt8) throws(WireItemError) -> Bool {
        guard position < bytes.count else { throw failure("unexpected end of input") }
        let byte = bytes[position]
        position += 1
        if byte == close { return true }
        if byte == .comma { return false }
        position -= 1
        throw failure("expected ',' or '\(Character(Unicode.Scalar(close)))'")
    }

    /// Any JSON value (members of an envelope that are not the item).
    private mutating func skipValue() throws(WireItemError) {
        skipWhitespace()
        guard position < bytes.count else { throw failure("unexpected end of input") }
        switch bytes[position] {
        case .quote: _ = try readString()
        case .openBrace: try readObject { parser, _ throws(WireItemError) in try parser.skipValue() }
        case .openBracket: _ = try readArray { parser throws(WireItemError) in try parser.skipValue() }
        default:
            if consume("true") || consume("false") || consume("null") { return }
            let start = position
            while position < bytes.count, Self.isNumberByte(bytes[position]) { position += 1 }
            if position == start { throw failure("expected a JSON value") }
        }
    }

    private static func isNumberByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || byte == 0x2D || byte == 0x2B || byte == 0x2E || byte == 0x65 || byte == 0x45
    }

    // MARK: Bytes

    private mutating func enter() throws(WireItemError) {
        depth += 1
        if depth > Self.maximumDepth { throw failure("nested deeper than \(Self.maximumDepth) levels") }
    }

    mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x0A, 0x0D, 0x09: position += 1
            default: return
            }
        }
    }

    mutating func expect(_ byte: UInt8, _ what: String) throws(WireItemError) {
        guard position < bytes.count, bytes[position] == byte else { throw failure("expected \(what)") }
        position += 1
    }

    mutating func consume(_ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard bytes.count - position >= count else { return false }
        for index in 0..<count where bytes[position + index] != literal.utf8Start[index] { return false }
        position += count
        return true
    }

    func failure(_ reason: String) -> WireItemError {
        WireItemError(offset: position, reason: reason)
    }
}
