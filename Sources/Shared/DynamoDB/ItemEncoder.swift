import Foundation

/// Encodes `Encodable` values to DynamoDB items. Strings -> `S`, numbers -> `N` (exact text),
/// `Bool` -> `BOOL`, `Data` -> `B`, `Date` -> `S` (ISO 8601), `Decimal` -> `N`,
/// `Set<String>`/numeric sets/`Set<Data>` -> `SS`/`NS`/`BS`, arrays -> `L`, structs and
/// dictionaries -> `M`, `nil` -> `NULL` (absent optionals are left out).
public struct ItemEncoder: Sendable {
    /// Creates an encoder.
    public init() {}

    /// Encodes `value`, which must encode to a map, as an item.
    public func encode<T: Encodable>(_ value: T) throws -> Item {
        let attribute = try encodeAttribute(value)
        guard case .m(let item) = attribute else {
            throw EncodingError.invalidValue(value, .init(codingPath: [], debugDescription: "an item must encode to a map, not \(attribute)"))
        }
        return item
    }

    /// Encodes `value` as one attribute value.
    public func encodeAttribute<T: Encodable>(_ value: T) throws -> AttributeValue {
        if let special = ItemEncoding.special(value) { return special }
        let encoder = AttributeEncoder(codingPath: [])
        try value.encode(to: encoder)
        return try encoder.storage.value(codingPath: [])
    }
}

struct AttributeEncoder: Encoder {
    var codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    let storage: AttributeStorage

    init(codingPath: [any CodingKey], storage: AttributeStorage = AttributeStorage()) {
        self.codingPath = codingPath
        self.storage = storage
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .map = storage.node {} else { storage.node = .map([]) }
        return KeyedEncodingContainer(KeyedAttributeContainer<Key>(codingPath: codingPath, storage: storage))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .list = storage.node {} else { storage.node = .list([]) }
        return UnkeyedAttributeContainer(codingPath: codingPath, storage: storage)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleAttributeContainer(codingPath: codingPath, storage: storage)
    }

    static func encode<T: Encodable>(_ value: T, into storage: AttributeStorage, codingPath: [any CodingKey]) throws {
        if let special = ItemEncoding.special(value) {
            storage.node = .value(special)
            return
        }
        try value.encode(to: AttributeEncoder(codingPath: codingPath, storage: storage))
    }
}

struct KeyedAttributeContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    var codingPath: [any CodingKey]
    let storage: AttributeStorage

    mutating func encodeNil(forKey key: Key) throws { storage.appendMapEntry(key.stringValue).node = .value(.null) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try AttributeEncoder.encode(value, into: storage.appendMapEntry(key.stringValue), codingPath: codingPath + [key])
    }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        AttributeEncoder(codingPath: codingPath + [key], storage: storage.appendMapEntry(key.stringValue)).container(keyedBy: keyType)
    }
    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        AttributeEncoder(codingPath: codingPath + [key], storage: storage.appendMapEntry(key.stringValue)).unkeyedContainer()
    }
    mutating func superEncoder() -> any Encoder {
        AttributeEncoder(codingPath: codingPath, storage: storage.appendMapEntry("super"))
    }
    mutating func superEncoder(forKey key: Key) -> any Encoder {
        AttributeEncoder(codingPath: codingPath + [key], storage: storage.appendMapEntry(key.stringValue))
    }
}

struct UnkeyedAttributeContainer: UnkeyedEncodingContainer {
    var codingPath: [any CodingKey]
    let storage: AttributeStorage
    var count: Int {
        if case .list(let entries) = storage.node { return entries.count }
        return 0
    }

    mutating func encodeNil() throws { storage.appendListEntry().node = .value(.null) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        try AttributeEncoder.encode(value, into: storage.appendListEntry(), codingPath: codingPath)
    }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        AttributeEncoder(codingPath: codingPath, storage: storage.appendListEntry()).container(keyedBy: keyType)
    }
    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        AttributeEncoder(codingPath: codingPath, storage: storage.appendListEntry()).unkeyedContainer()
    }
    mutating func superEncoder() -> any Encoder {
        AttributeEncoder(codingPath: codingPath, storage: storage.appendListEntry())
    }
}

struct SingleAttributeContainer: SingleValueEncodingContainer {
    var codingPath: [any CodingKey]
    let storage: AttributeStorage

    mutating func encodeNil() throws { storage.node = .value(.null) }
    mutating func encode(_ value: Bool) throws { storage.node = .value(.bool(value)) }
    mutating func encode(_ value: String) throws { storage.node = .value(.s(value)) }
    mutating func encode(_ value: Double) throws { try number(value.isFinite, "\(value)", value) }
    mutating func encode(_ value: Float) throws { try number(value.isFinite, "\(value)", value) }
    mutating func encode(_ value: Int) throws { storage.node = .value(.n(String(value))) }
    mutating func encode(_ value: Int8) throws { storage.node = .value(.n(String(value))) }
    mutating func encode(_ value: Int16) throws { storage.node = .value(.n(String(value))) }
    mutating func encode(_ value: Int32) throws { storage.node = .value(.n(String(value))) }
    mutating func encode(_ value: Int64) throws { storage.node = .value(.n(String(value))) }
    mutating func encode(_ value: UInt) throws { storage.node = .value(.n(String(value))) }
    mutating func encode(_ value: UInt8) throws { storage.node = .value(.n(String(value))) }
    mutating func encode(_ value: UInt16) throws { storage.node = .value(.n(String(value))) }
    mutating func encode(_ value: UInt32) throws { storage.node = .value(.n(String(value))) }
    mutating func encode(_ value: UInt64) throws { storage.node = .value(.n(String(value))) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        try AttributeEncoder.encode(value, into: storage, codingPath: codingPath)
    }

    private func number(_ finite: Bool, _ text: String, _ value: Any) throws {
        guard finite else {
            throw EncodingError.invalidValue(value, .init(codingPath: codingPath, debugDescription: "DynamoDB numbers cannot be NaN or infinite"))
        }
        storage.node = .value(.n(text))
    }
}
