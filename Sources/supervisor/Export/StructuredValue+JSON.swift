import JSONText

extension StructuredValue {
    /// Pretty-printed JSON with two-space indentation and a final newline.
    var json: String { renderJSON(indent: "") + "\n" }

    private func renderJSON(indent: String) -> String {
        let inner = indent + "  "
        switch self {
        case .string(let text): return JSONString.quoted(text)
        case .int(let number): return String(number)
        case .bool(let flag): return flag ? "true" : "false"
        case .array(let items):
            if items.isEmpty { return "[]" }
            return "[\n" + items.map { inner + $0.renderJSON(indent: inner) }.joined(separator: ",\n") + "\n" + indent + "]"
        case .object(let pairs):
            if pairs.isEmpty { return "{}" }
            return "{\n" + pairs.map { inner + JSONString.quoted($0.0) + ": " + $0.1.renderJSON(indent: inner) }
                .joined(separator: ",\n") + "\n" + indent + "}"
        }
    }
}
