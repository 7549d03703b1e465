import Shared

/// DynamoDB sets are unordered: compare items with set members sorted.
func normalized(_ item: Item?) -> Item? {
    item.map { $0.mapValues(normalized) }
}

func normalized(_ value: AttributeValue) -> AttributeValue {
    switch value {
    case .ss(let members): .ss(members.sorted())
    case .ns(let members): .ns(members.sorted())
    case .bs(let members): .bs(members.sorted { $0.lexicographicallyPrecedes($1) })
    case .m(let map): .m(map.mapValues(normalized))
    case .l(let list): .l(list.map(normalized))
    default: value
    }
}

/// An item with all ten attribute types.
func allTypesItem(key: String) -> Item {
    [
        "pk": .s(key),
        "s": .s("héllo ✓ <b>"),
        "n": .n("12345678901234567890.123456789"),
        "b": .b(.init([0, 1, 2, 255])),
        "bool": .bool(true),
        "null": .null,
        "m": .m(["inner": .s("x"), "deeper": .m(["n": .n("-0.5")])]),
        "l": .l([.s("a"), .n("2"), .bool(false), .null]),
        "ss": .ss(["b", "a"]),
        "ns": .ns(["1", "2.5"]),
        "bs": .bs([.init([1]), .init([2, 3])]),
    ]
}
