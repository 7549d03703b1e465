import Foundation

/// A DynamoDB attribute value: all ten types. Numbers are kept as their exact decimal string.
/// Encodes to and decodes from the wire form (`{"S": "x"}`, `{"N": "1.5"}`, `{"B": "base64"}`, ...).
public indirect enum AttributeValue: Sendable, Hashable, Codable {
    /// A string.
    case s(String)
    /// A number, as its exact decimal text.
    case n(String)
    /// Binary data.
    case b(Data)
    /// A boolean.
    case bool(Bool)
    /// Null.
    case null
    /// A map of attributes.
    case m([String: AttributeValue])
    /// A list of attributes.
    case l([AttributeValue])
    /// A string set.
    case ss([String])
    /// A number set, each as exact decimal text.
    case ns([String])
    /// A binary set.
    case bs([Data])

    private enum Key: String, CodingKey {
        case S, N, B, BOOL, NULL, M, L, SS, NS, BS
    }

    /// Decodes the wire form; exactly one type key must be present.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        guard container.allKeys.count == 1, let key = container.allKeys.first else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "an AttributeValue has exactly one of S, N, B, BOOL, NULL, M, L, SS, NS, BS; found \(container.allKeys.map(\.stringValue))"))
        }
        switch key {
        case .S: self = .s(try container.decode(String.self, forKey: .S))
        case .N: self = .n(try container.decode(String.self, forKey: .N))
        case .B: self = .b(try Self.decodeBase64(try container.decode(String.self, forKey: .B), container: container, key: .B))
        case .BOOL: self = .bool(try container.decode(Bool.self, forKey: .BOOL))
        case .NULL: _ = try container.decode(Bool.self, forKey: .NULL); self = .null
        case .M: self = .m(try container.decode([String: AttributeValue].self, forKey: .M))
        case .L: self = .l(try container.decode([AttributeValue].self, forKey: .L))
        case .SS: self = .ss(try container.decode([String].self, forKey: .SS))
        case .NS: self = .ns(try container.decode([String].self, forKey: .NS))
        case .BS: self = .bs(try container.decode([String].self, forKey: .BS).map { try Self.decodeBase64($0, container: container, key: .BS) })
        }
    }

    private static func decodeBase64(_ text: String, container: KeyedDecodingContainer<Key>, key: Key) throws -> Data {
        guard let data = Data(base64Encoded: text) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: "not base64")
        }
        return data
    }

    /// Encodes the wire form.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        switch self {
        case .s(let value): try container.encode(value, forKey: .S)
        case .n(let value): try container.encode(value, forKey: .N)
        case .b(let value): try container.encode(value.base64EncodedString(), forKey: .B)
        case .bool(let value): try container.encode(value, forKey: .BOOL)
        case .null: try container.encode(true, forKey: .NULL)
        case .m(let value): try container.encode(value, forKey: .M)
        case .l(let value): try container.encode(value, forKey: .L)
        case .ss(let value): try container.encode(value, forKey: .SS)
        case .ns(let value): try container.encode(value, forKey: .NS)
        case .bs(let value): try container.encode(value.map { $0.base64EncodedString() }, forKey: .BS)
        }
    }
}

extension AttributeValue {
    /// A number from an integer.
    public static func n<I: BinaryInteger>(_ value: I) -> AttributeValue { .n(String(value)) }

    /// The string, if this is `S`.
    public var stringValue: String? { if case .s(let value) = self { value } else { nil } }
    /// The decimal text, if this is `N`.
    public var numberText: String? { if case .n(let value) = self { value } else { nil } }
    /// The map, if this is `M`.
    public var mapValue: [String: AttributeValue]? { if case .m(let value) = self { value } else { nil } }
    /// The list, if this is `L`.
    public var listValue: [AttributeValue]? { if case .l(let value) = self { value } else { nil } }
}

extension AttributeValue: ExpressibleByStringLiteral {
    /// A string literal is an `S` value.
    public init(stringLiteral value: String) { self = .s(value) }
}

extension AttributeValue: ExpressibleByIntegerLiteral {
    /// An integer literal is an `N` value.
    public init(integerLiteral value: Int) { self = .n(String(value)) }
}

extension AttributeValue: ExpressibleByBooleanLiteral {
    /// A boolean literal is a `BOOL` value.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}

/// An item: attribute names to values.
public typealias Item = [String: AttributeValue]
