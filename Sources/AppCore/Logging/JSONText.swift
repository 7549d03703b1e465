import Logging

/// JSON text building for ``JSONLogHandler``; pure.
enum JSONText {
    /// Appends `text` as a JSON string literal.
    static func appendString(_ text: String, to output: inout String) {
        output += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
    }

    /// Appends a metadata value: integers and finite doubles as numbers, the rest as strings,
    /// arrays and objects.
    static func appendValue(_ value: Logger.Metadata.Value, to output: inout String) {
        switch value {
        case .string(let text):
            appendString(text, to: &output)
        case .stringConvertible(let convertible):
            if convertible is Int || convertible is Int64 || convertible is UInt16 {
                output += convertible.description
            } else if let double = convertible as? Double, double.isFinite {
                output += double.description
            } else {
                appendString(convertible.description, to: &output)
            }
        case .array(let values):
            output += "["
            for (index, element) in values.enumerated() {
                if index > 0 { output += "," }
                appendValue(element, to: &output)
            }
            output += "]"
        case .dictionary(let dictionary):
            output += "{"
            for (index, (key, element)) in dictionary.sorted(by: { $0.key < $1.key }).enumerated() {
                if index > 0 { output += "," }
                appendString(key, to: &output)
                output += ":"
                appendValue(element, to: &output)
            }
            output += "}"
        }
    }
}
