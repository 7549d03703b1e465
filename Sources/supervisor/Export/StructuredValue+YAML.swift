import JSONText

extension StructuredValue {
    /// Block-style YAML; every string is double-quoted (JSON escapes are valid YAML), so no
    /// value is ever read back as a number, a boolean or null.
    var yaml: String { renderYAML(indent: "").joined(separator: "\n") + "\n" }

    private func renderYAML(indent: String) -> [String] {
        switch self {
        case .object(let pairs):
            if pairs.isEmpty { return [indent + "{}"] }
            return pairs.flatMap { key, value -> [String] in
                let label = indent + Self.yamlKey(key) + ":"
                if let scalar = value.inlineYAML { return [label + " " + scalar] }
                if case .array = value { return [label] + value.renderYAML(indent: indent) }
                return [label] + value.renderYAML(indent: indent + "  ")
            }
        case .array(let items):
            if items.isEmpty { return [indent + "[]"] }
            return items.flatMap { item -> [String] in
                if let scalar = item.inlineYAML { return [indent + "- " + scalar] }
                var lines = item.renderYAML(indent: indent + "  ")
                let first = lines[0]
                lines[0] = indent + "- " + first.dropFirst(indent.count + 2)
                return lines
            }
        default:
            return [indent + (inlineYAML ?? "")]
        }
    }

    /// Scalars and empty collections fit on the key's line.
    private var inlineYAML: String? {
        switch self {
        case .string(let text): JSONString.quoted(text)
        case .int(let number): String(number)
        case .bool(let flag): flag ? "true" : "false"
        case .array(let items): items.isEmpty ? "[]" : nil
        case .object(let pairs): pairs.isEmpty ? "{}" : nil
        }
    }

    private static func yamlKey(_ key: String) -> String {
        let plain = !key.isEmpty && key.unicodeScalars.allSatisfy { scalar in
            (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z") || (scalar >= "0" && scalar <= "9")
                || "-_./".unicodeScalars.contains(scalar)
        }
        return plain ? key : JSONString.quoted(key)
    }
}
