import Foundation

/// Decodes DynamoDB items to `Decodable` values; the inverse of ``ItemEncoder``. Numbers are
/// parsed from their exact text into the requested type and fail if they do not fit.
public struct ItemDecoder: Sendable {
    /// Creates a decoder.
    public init() {}

    /// Decodes an item.
    public func decode<T: Decodable>(_ type: T.Type, from item: Item) throws -> T {
        try decodeAttribute(type, from: .m(item))
    }

    /// Decodes one attribute value.
    public func decodeAttribute<T: Decodable>(_ type: T.Type, from value: AttributeValue) throws -> T {
        try AttributeDecoder(value: value, codingPath: []).decodeValue(type)
    }
}

struct AttributeDecoder: Decoder {
    let value: AttributeValue
    var codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func decodeValue<T: Decodable>(_ type: T.Type) throws -> T {
        if let special = try decodeSpecial(type) { return special }
        return try T(from: self)
    }

    private func decodeSpecial<T>(_ type: T.Type) throws -> T? {
        func mismatch(_ expected: String) -> DecodingError {
            .typeMismatch(type, .init(codingPath: codingPath, debugDescription: "expected \(expected), found \(value)"))
        }
        if type == Data.self {
            guard case .b(let data) = value else { throw mismatch("B") }
            return data as? T
        }
        if type == Date.self {
            guard case .s(let text) = value, let date = ItemEncoding.date(from: text) else { throw mismatch("S holding an ISO 8601 date") }
            return date as? T
        }
        if type == Decimal.self {
            guard case .n(let text) = value, let decimal = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) else { throw mismatch("N") }
            return decimal as? T
        }
        if type == URL.self {
            guard case .s(let text) = value, let url = URL(string: text) else { throw mismatch("S holding a URL") }
            return url as? T
        }
        if type == Set<String>.self {
            guard case .ss(let strings) = value else { throw mismatch("SS") }
            return Set(strings) as? T
        }
        if type == Set<Int>.self {
            guard case .ns(let numbers) = value else { throw mismatch("NS") }
            var set = Set<Int>()
            for text in numbers {
                guard let number = Int(text) else { throw mismatch("NS of integers") }
                set.insert(number)
            }
            return set as? T
        }
        if type == Set<Data>.self {
            guard case .bs(let blobs) = value else { throw mismatch("BS") }
            return Set(blobs) as? T
        }
        return nil
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .m(let map) = value else {
            throw DecodingError.typeMismatch([String: AttributeValue].self, .init(codingPath: codingPath, debugDescription: "expected M, found \(value)"))
        }
        return KeyedDecodingContainer(KeyedAttributeDecodingContainer<Key>(map: map, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        switch value {
        case .l(let list): return UnkeyedAttributeDecodingContainer(values: list, codingPath: codingPath)
        case .ss(let strings): return UnkeyedAttributeDecodingContainer(values: strings.map { .s($0) }, codingPath: codingPath)
        case .ns(let numbers): return UnkeyedAttributeDecodingContainer(values: numbers.map { .n($0) }, codingPath: codingPath)
        case .bs(let blobs): return UnkeyedAttributeDecodingContainer(values: blobs.map { .b($0) }, codingPath: codingPath)
        default:
            throw DecodingError.typeMismatch([AttributeValue].self, .init(codingPath: codingPath, debugDescription: "expected L or a set, found \(value)"))
        }
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        SingleAttributeDecodingContainer(value: value, codingPath: codingPath)
    }
}

struct AttributeIndexKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(stringValue: String) { self.stringValue = stringValue }
    init(intValue: Int) {
        self.stringValue = "Index \(intValue)"
        self.intValue = intValue
    }
}

struct KeyedAttributeDecodingContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let map: [String: AttributeValue]
    var codingPath: [any CodingKey]
    var allKeys: [Key] { map.keys.compactMap { Key(stringValue: $0) } }

    func contains(_ key: Key) -> Bool { map[key.stringValue] != nil }

    private func child(_ key: Key) throws -> AttributeValue {
        guard let value = map[key.stringValue] else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "no attribute \"\(key.stringValue)\""))
        }
        return value
    }

    func decodeNil(forKey key: Key) throws -> Bool {
        guard let value = map[key.stringValue] else { return true }
        return value == .null
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try AttributeDecoder(value: try child(key), codingPath: codingPath + [key]).decodeValue(type)
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try AttributeDecoder(value: try child(key), codingPath: codingPath + [key]).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try AttributeDecoder(value: try child(key), codingPath: codingPath + [key]).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        AttributeDecoder(value: map["super"] ?? .null, codingPath: codingPath)
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        AttributeDecoder(value: try child(key), codingPath: codingPath + [key])
    }
}

struct UnkeyedAttributeDecodingContainer: UnkeyedDecodingContainer {
    let values: [AttributeValue]
    var codingPath: [any CodingKey]
    var currentIndex = 0
    var count: Int? { values.count }
    var isAtEnd: Bool { currentIndex >= values.count }

    init(values: [AttributeValue], codingPath: [any CodingKey]) {
        self.values = values
        self.codingPath = codingPath
    }

    private mutating func next() throws -> (AttributeValue, [any CodingKey]) {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(AttributeValue.self, .init(codingPath: codingPath, debugDescription: "the list has only \(values.count) elements"))
        }
        defer { currentIndex += 1 }
        return (values[currentIndex], codingPath + [AttributeIndexKey(intValue: currentIndex)])
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, values[currentIndex] == .null else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let (value, path) = try next()
        return try AttributeDecoder(value: value, codingPath: path).decodeValue(type)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        let (value, path) = try next()
        return try AttributeDecoder(value: value, codingPath: path).container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let (value, path) = try next()
        return try AttributeDecoder(value: value, codingPath: path).unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder {
        let (value, path) = try next()
        return AttributeDecoder(value: value, codingPath: path)
    }
}

struct SingleAttributeDecodingContainer: SingleValueDecodingContainer {
    let value: AttributeValue
    var codingPath: [any CodingKey]

    func decodeNil() -> Bool { value == .null }

    private func mismatch<T>(_ type: T.Type, _ expected: String) -> DecodingError {
        .typeMismatch(type, .init(codingPath: codingPath, debugDescription: "expected \(expected), found \(value)"))
    }

    func decode(_ type: Bool.Type) throws -> Bool {
        guard case .bool(let bool) = value else { throw mismatch(type, "BOOL") }
        return bool
    }

    func decode(_ type: String.Type) throws -> String {
        guard case .s(let string) = value else { throw mismatch(type, "S") }
        return string
    }

    private func number<T>(_ type: T.Type, _ parse: (String) -> T?) throws -> T {
        guard case .n(let text) = value else { throw mismatch(type, "N") }
        guard let number = parse(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: codingPath, debugDescription: "the number \(text) does not fit \(type)"))
        }
        return number
    }

    func decode(_ type: Double.Type) throws -> Double { try number(type) { Double($0) } }
    func decode(_ type: Float.Type) throws -> Float { try number(type) { Float($0) } }
    func decode(_ type: Int.Type) throws -> Int { try number(type) { Int($0) } }
    func decode(_ type: Int8.Type) throws -> Int8 { try number(type) { Int8($0) } }
    func decode(_ type: Int16.Type) throws -> Int16 { try number(type) { Int16($0) } }
    func decode(_ type: Int32.Type) throws -> Int32 { try number(type) { Int32($0) } }
    func decode(_ type: Int64.Type) throws -> Int64 { try number(type) { Int64($0) } }
    func decode(_ type: UInt.Type) throws -> UInt { try number(type) { UInt($0) } }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try number(type) { UInt8($0) } }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try number(type) { UInt16($0) } }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try number(type) { UInt32($0) } }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try number(type) { UInt64($0) } }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try AttributeDecoder(value: value, codingPath: codingPath).decodeValue(type)
    }
}
