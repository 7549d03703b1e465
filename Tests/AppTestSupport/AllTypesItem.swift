import Shared

/// An item keyed `pk` = `key` with all ten attribute types, sets and nesting included.
public func allTypesItem(key: String) -> Item {
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
