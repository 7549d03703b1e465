import Logging
import Shared

/// JSON text building for ``JSONLogHandler``, on UTF-8 bytes; pure.
enum JSONText {
    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Appends `text` as a JSON string literal: `"` and `\` escaped, control characters as
    /// `\n`, `\r`, `\t` or `\u00XX`; every other byte (UTF-8 included) copied as is.
    static func appendString(_ text: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { bytes in
            var clean = 0   // start of the bytes not copied yet
            for index in 0..<bytes.count {
                let byte = bytes[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[clean..<index]))
                clean = index + 1
                output.append(UInt8(ascii: "\\"))
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): output.append(byte)
                case UInt8(ascii: "\n"): output.append(UInt8(ascii: "n"))
                case UInt8(ascii: "\r"): output.append(UInt8(ascii: "r"))
                case UInt8(ascii: "\t"): output.append(UInt8(ascii: "t"))
                default:
                    output.append(contentsOf: "u00".utf8)
                    output.append(hexDigits[Int(byte >> 4)])
                    output.append(hexDigits[Int(byte & 0x0F)])
                }
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[clean..<bytes.count]))
        }
        output.append(UInt8(ascii: "\""))
    }

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
            appendString(value.description, to: &output)
        }
    }

    /// Appends a metadata value: integers and finite doubles as numbers, the rest as strings,
    /// arrays and objects.
    static func appendValue(_ value: Logger.Metadata.Value, to output: inout [UInt8]) {
        switch value {
        case .string(let text):
            appendString(text, to: &output)
        case .stringConvertible(let convertible):
            switch convertible {
            case let integer as Int: DecimalDigits.append(Int64(integer), width: 1, to: &output)
            case let double as Double: appendDouble(double, to: &output)
            case let integer as Int64: DecimalDigits.append(integer, width: 1, to: &output)
            case let integer as UInt16: DecimalDigits.append(Int64(integer), width: 1, to: &output)
            default: appendString(convertible.description, to: &output)
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
                appendString(key, to: &output)
                output.append(UInt8(ascii: ":"))
                appendValue(element, to: &output)
            }
            output.append(UInt8(ascii: "}"))
        }
    }
}
