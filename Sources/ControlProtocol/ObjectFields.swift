/// The members of a JSON object read one field at a time, with errors that name the field:
/// shared by requests, replies and status rows.
struct ObjectFields {
    let value: JSONValue
    private let members: [(String, JSONValue)]
    private let subject: ControlProtocolError.Subject

    /// The object's fields; anything but an object is refused with `notAnObject`.
    init(_ value: JSONValue, subject: ControlProtocolError.Subject, expected: String) throws(ControlProtocolError) {
        guard case .object(let members) = value else {
            throw ControlProtocolError(
                code: .notAnObject, subject: subject,
                reason: "a \(subject) is a JSON object, found \(value.kindDescription)", hint: "e.g. \(expected)")
        }
        self.value = value
        self.members = members
        self.subject = subject
    }

    subscript(name: String) -> JSONValue? { value[name] }

    /// Refuses the first field not in `known`, naming it.
    func refuseUnknown(_ known: [String], hint: @autoclosure () -> String) throws(ControlProtocolError) {
        guard let unknown = members.first(where: { member in !known.contains { sameScalars($0, member.0) } }) else { return }
        throw error(.unknownField, unknown.0, "unknown field \(ControlProtocolError.quoted(unknown.0))", hint: hint())
    }

    /// A field's value; `missing` is the hint when it is absent.
    func required(_ name: String, missing: @autoclosure () -> String?) throws(ControlProtocolError) -> JSONValue {
        guard let value = self[name] else { throw error(.missingField, name, "missing field \"\(name)\"", hint: missing()) }
        return value
    }

    func string(_ name: String, missing: @autoclosure () -> String? = nil) throws(ControlProtocolError) -> String {
        let value = try required(name, missing: missing())
        guard let text = value.stringValue else { throw wrongType(name, "a string", found: value) }
        return text
    }

    /// A string, or nil when the field is null or absent.
    func optionalString(_ name: String) throws(ControlProtocolError) -> String? {
        guard let value = self[name], !value.isNull else { return nil }
        guard let text = value.stringValue else { throw wrongType(name, "a string or null", found: value) }
        return text
    }

    func bool(_ name: String, default fallback: Bool) throws(ControlProtocolError) -> Bool {
        guard let value = self[name] else { return fallback }
        guard let flag = value.boolValue else { throw wrongType(name, "true or false", found: value) }
        return flag
    }

    /// A whole number within `range`; absent gives `fallback`, or an error when it is nil.
    func integer<T: FixedWidthInteger>(
        _ name: String, in range: ClosedRange<T>, default fallback: T? = nil, nullable: Bool = false,
        missing: @autoclosure () -> String? = nil
    ) throws(ControlProtocolError) -> T? {
        guard let value = self[name] else {
            if let fallback { return fallback }
            if nullable { return nil }
            throw error(.missingField, name, "missing field \"\(name)\"", hint: missing())
        }
        if nullable, value.isNull { return nil }
        let expected = "a whole number in \(range.lowerBound)...\(range.upperBound)" + (nullable ? " or null" : "")
        guard case .number(let number) = value else { throw wrongType(name, expected, found: value) }
        guard let integer = T(exactly: number), range.contains(integer) else {
            throw error(.invalidValue, name, "field \"\(name)\" must be \(expected), found \(JSONValue.text(of: number))")
        }
        return integer
    }

    /// A number (or null, when `nullable`; absent counts as null).
    func number(_ name: String, nullable: Bool) throws(ControlProtocolError) -> Double? {
        guard let value = self[name], !(nullable && value.isNull) else {
            if nullable { return nil }
            throw error(.missingField, name, "missing field \"\(name)\"")
        }
        guard let number = value.doubleValue else { throw wrongType(name, nullable ? "a number or null" : "a number", found: value) }
        return number
    }

    /// An array of strings.
    func strings(_ name: String, missing: @autoclosure () -> String?) throws(ControlProtocolError) -> [String] {
        let value = try required(name, missing: missing())
        guard let elements = value.arrayValue else { throw wrongType(name, "an array of strings", found: value) }
        var strings: [String] = []
        strings.reserveCapacity(elements.count)
        for (index, element) in elements.enumerated() {
            guard let text = element.stringValue else {
                throw error(.wrongType, name, "field \"\(name)\" must be an array of strings, found \(element.kindDescription) at [\(index)]")
            }
            strings.append(text)
        }
        return strings
    }

    func wrongType(_ name: String, _ expected: String, found value: JSONValue) -> ControlProtocolError {
        error(.wrongType, name, "field \"\(name)\" must be \(expected), found \(value.kindDescription)")
    }

    func error(_ code: ControlProtocolError.Code, _ field: String, _ reason: String, hint: String? = nil) -> ControlProtocolError {
        ControlProtocolError(code: code, subject: subject, field: field, reason: reason, hint: hint)
    }
}
