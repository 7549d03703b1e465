/// A JSON value as the control protocol reads and writes it (RFC 8259).
///
/// An object keeps its members in order (the order they were read or built in, which is the
/// order they are written in). Values are equal when they have the same shape and contents:
/// objects with the same members in the same order, numbers by `Double`'s `==` (so `-0` equals
/// `0`), strings and keys by their Unicode scalars, as JSON compares them (not by Swift's
/// canonical equivalence, under which `"é"` and `"e\u{301}"` would be equal).
public enum JSONValue: Sendable {
    case null
    case bool(Bool)
    /// Any JSON number; integers are exact up to 2^53.
    case number(Double)
    case string(String)
    case array([JSONValue])
    /// Members in order. The parser never produces a key twice; a value built with one is
    /// written as it is, and `subscript(key)` finds the first.
    case object([(String, JSONValue)])
}

extension JSONValue: Equatable {
    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case let (.bool(left), .bool(right)): left == right
        case let (.number(left), .number(right)): left == right
        case let (.string(left), .string(right)): sameScalars(left, right)
        case let (.array(left), .array(right)): left == right
        case let (.object(left), .object(right)):
            left.count == right.count
                && zip(left, right).allSatisfy { sameScalars($0.0, $1.0) && $0.1 == $1.1 }
        default: false
        }
    }
}

/// Whether two strings hold the same Unicode scalars (JSON's equality of strings).
func sameScalars(_ left: String, _ right: String) -> Bool {
    left.utf8.elementsEqual(right.utf8)
}

extension JSONValue: CustomStringConvertible {
    /// The compact JSON text (`serialized`).
    public var description: String { serialized }
}

extension JSONValue {
    /// The value of the first member named `key` of an object; nil for a missing key and for
    /// anything but an object.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { sameScalars($0.0, key) }?.1
    }

    /// The members of an object, in order.
    public var objectValue: [(String, JSONValue)]? {
        if case .object(let members) = self { members } else { nil }
    }

    /// The elements of an array.
    public var arrayValue: [JSONValue]? {
        if case .array(let elements) = self { elements } else { nil }
    }

    public var stringValue: String? {
        if case .string(let text) = self { text } else { nil }
    }

    public var boolValue: Bool? {
        if case .bool(let flag) = self { flag } else { nil }
    }

    public var doubleValue: Double? {
        if case .number(let number) = self { number } else { nil }
    }

    /// A number that is exactly an `Int` (`3` and `3.0`, not `3.5` or `1e20`).
    public var intValue: Int? {
        if case .number(let number) = self { Int(exactly: number) } else { nil }
    }

    public var isNull: Bool {
        if case .null = self { true } else { false }
    }

    /// "a string", "an array", ...: the kind of value, for messages.
    var kindDescription: String {
        switch self {
        case .null: "null"
        case .bool(let flag): flag ? "true" : "false"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

extension JSONValue {
    /// A number from an integer (exact up to 2^53).
    public init(_ integer: some BinaryInteger) {
        self = .number(Double(integer))
    }

    /// A number; a non-finite one is written as `null`.
    public init(_ number: Double) {
        self = .number(number)
    }
}
