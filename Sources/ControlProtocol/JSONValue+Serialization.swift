import JSONText

extension JSONValue {
    /// Compact JSON text (no spaces or newlines, so it fits on one line of the protocol).
    ///
    /// Strings escape `"`, `\` and the control characters U+0000-U+001F (`\n`, `\r`, `\t`,
    /// `\b`, `\f`, else `\u00XX`); everything else is written as UTF-8. A number that is an
    /// integer within `Int64` is written without a fraction (`42`, `-0`); others in the
    /// shortest form that reads back to the same `Double` (`0.1`, `1e+22`). A non-finite number
    /// (only a value built in code can hold one) is written as `null`: JSON has no NaN.
    ///
    /// Writing recurses once per level of nesting: parsed values are at most `maxDepth` deep.
    public var serialized: String {
        var output: [UInt8] = []
        write(to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    func write(to output: inout [UInt8]) {
        switch self {
        case .null: output.append(contentsOf: "null".utf8)
        case .bool(let flag): output.append(contentsOf: (flag ? "true" : "false").utf8)
        case .number(let number): output.append(contentsOf: Self.text(of: number).utf8)
        case .string(let text): JSONString.append(text, to: &output)
        case .array(let elements):
            output.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                element.write(to: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let members):
            output.append(UInt8(ascii: "{"))
            for (index, (key, value)) in members.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                JSONString.append(key, to: &output)
                output.append(UInt8(ascii: ":"))
                value.write(to: &output)
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    /// A number's JSON text.
    static func text(of number: Double) -> String {
        guard number.isFinite else { return "null" }
        if let integer = Int64(exactly: number) {
            return integer == 0 && number.sign == .minus ? "-0" : String(integer)
        }
        return number.description
    }
}
