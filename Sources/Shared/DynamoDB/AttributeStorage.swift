/// The tree being built. A class because the containers an `Encoder` hands out must write into
/// shared storage; it never leaves one `encode` call, so it needs no `Sendable`.
final class AttributeStorage {
    enum Node {
        case empty
        case value(AttributeValue)
        case map([(String, AttributeStorage)])
        case list([AttributeStorage])
    }

    var node: Node = .empty

    func value(codingPath: [any CodingKey]) throws -> AttributeValue {
        switch node {
        case .empty: return .m([:])
        case .value(let value): return value
        case .map(let entries):
            var map: [String: AttributeValue] = [:]
            for (key, storage) in entries { map[key] = try storage.value(codingPath: codingPath) }
            return .m(map)
        case .list(let entries):
            return .l(try entries.map { try $0.value(codingPath: codingPath) })
        }
    }

    func appendMapEntry(_ key: String) -> AttributeStorage {
        let child = AttributeStorage()
        if case .map(var entries) = node {
            entries.append((key, child))
            node = .map(entries)
        } else {
            node = .map([(key, child)])
        }
        return child
    }

    func appendListEntry() -> AttributeStorage {
        let child = AttributeStorage()
        if case .list(var entries) = node {
            entries.append(child)
            node = .list(entries)
        } else {
            node = .list([child])
        }
        return child
    }
}
