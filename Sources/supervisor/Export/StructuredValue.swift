/// A JSON-like document tree with ordered keys, rendered as JSON (ECS) or YAML (Kubernetes).
indirect enum StructuredValue: Equatable {
    case string(String)
    case int(Int)
    case bool(Bool)
    case array([StructuredValue])
    case object([(String, StructuredValue)])

    static func == (lhs: StructuredValue, rhs: StructuredValue) -> Bool {
        switch (lhs, rhs) {
        case let (.string(a), .string(b)): a == b
        case let (.int(a), .int(b)): a == b
        case let (.bool(a), .bool(b)): a == b
        case let (.array(a), .array(b)): a == b
        case let (.object(a), .object(b)): a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: false
        }
    }

    /// The value under `key` of an object, for tests and renderers.
    subscript(key: String) -> StructuredValue? {
        guard case .object(let pairs) = self else { return nil }
        return pairs.first { $0.0 == key }?.1
    }
}
