import Shared

/// DynamoDB sets are unordered: an item with the members of its sets sorted (in maps and lists
/// too), to compare items read back with the items written.
public func normalized(_ item: Item) -> Item {
    item.mapValues(normalized)
}

/// The normalized item, or nil.
public func normalized(_ item: Item?) -> Item? {
    item.map(normalized)
}

/// A value with the members of its sets sorted, at every depth.
public func normalized(_ value: AttributeValue) -> AttributeValue {
    switch value {
    case .ss(let members): .ss(members.sorted())
    case .ns(let members): .ns(members.sorted())
    case .bs(let members): .bs(members.sorted { $0.lexicographicallyPrecedes($1) })
    case .m(let map): .m(map.mapValues(normalized))
    case .l(let list): .l(list.map(normalized))
    default: value
    }
}
