import JSONText
import Shared

/// The fields of one JSON log line, appended in the caller's order (which must be the keys'
/// sorted order, as ``JSONLogHandler`` writes metadata), each as `,"key":value`. Handed out by
/// ``JSONLogHandler/log(_:message:fields:)``.
public struct JSONFields: ~Copyable {
    var line: [UInt8]

    init(line: [UInt8]) {
        self.line = line
    }

    /// `key` with a string value.
    public mutating func string(_ key: StaticString, _ value: String) {
        appendKey(key)
        JSONString.append(value, to: &line)
    }

    /// `key` with an integer value, as a JSON number.
    public mutating func integer(_ key: StaticString, _ value: Int) {
        appendKey(key)
        DecimalDigits.append(Int64(value), width: 1, to: &line)
    }

    /// `key` with a double value: a finite one as a JSON number written as Swift writes it.
    public mutating func number(_ key: StaticString, _ value: Double) {
        appendKey(key)
        MetadataJSON.appendDouble(value, to: &line)
    }

    private mutating func appendKey(_ key: StaticString) {
        line.append(UInt8(ascii: ","))
        line.append(UInt8(ascii: "\""))
        key.withUTF8Buffer { line.append(contentsOf: $0) }
        line.append(contentsOf: "\":".utf8)
    }
}
