import JSONText
import Logging
import Shared

/// JSON numbers and log metadata values for ``JSONLogHandler``, on UTF-8 bytes; pure. Strings
/// go through ``JSONString`` (the JSONText module), shared with the supervisor.
enum MetadataJSON {
    /// Appends a finite double as a JSON number, as Swift's `description` would: a value with at
    /// most three decimals (a duration in milliseconds rounded to microseconds) straight from its
    /// integer digits, any other through `description`.
    static func appendNumber(_ value: Double, to output: inout [UInt8]) {
        let thousandths = (value * 1000).rounded()
        guard thousandths.magnitude < 1e15, thousandths / 1000 == value else {
            output.append(contentsOf: value.description.utf8)
            return
        }
        let scaled = Int64(thousandths)
        if scaled < 0 { output.append(UInt8(ascii: "-")) }
        let magnitude = Int64(scaled.magnitude)
        DecimalDigits.append(magnitude / 1000, width: 1, to: &output)
        output.append(UInt8(ascii: "."))
        var fraction = magnitude % 1000
        var width = 3
        while width > 1, fraction % 10 == 0 {
            fraction /= 10
            width -= 1
        }
        DecimalDigits.append(fraction, width: width, to: &output)
    }

    /// Appends a double: a finite one as a JSON number (``appendNumber(_:to:)``), infinity and
    /// NaN as strings (JSON has no number for them).
    static func appendDouble(_ value: Double, to output: inout [UInt8]) {
        if value.isFinite {
            appendNumber(value, to: &output)
        } else {
            JSONString.append(value.description, to: &output)
        }
    }

    /// Appends a metadata value: integers and finite doubles as numbers, the rest as strings,
    /// arrays and objects.
    static func appendValue(_ value: Logger.Metadata.Value, to output: inout [UInt8]) {
        switch value {
        case .string(let text):
            JSONString.append(text, to: &output)
        case .stringConvertible(let convertible):
            switch convertible {
            case let integer as Int: DecimalDigits.append(Int64(integer), width: 1, to: &output)
            case let double as Double: appendDouble(double, to: &output)
            case let integer as Int64: DecimalDigits.append(integer, width: 1, to: &output)
            case let integer as UInt16: DecimalDigits.append(Int64(integer), width: 1, to: &output)
            default: JSONString.append(convertible.description, to: &output)
            }
        case .array(let values):
            output.append(UInt8(ascii: "["))
            for (index, element) in values.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                appendValue(element, to: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .dictionary(let dictionary):
            output.append(UInt8(ascii: "{"))
            for (index, (key, element)) in dictionary.sorted(by: { $0.key < $1.key }).enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                JSONString.append(key, to: &output)
                output.append(UInt8(ascii: ":"))
                appendValue(element, to: &output)
            }
            output.append(UInt8(ascii: "}"))
        }
    }
}
