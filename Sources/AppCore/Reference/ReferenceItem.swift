import Shared

/// The reference app's data: one table keyed by `Application` (S), whose item
/// `Application = TwelveFactorApp` holds what `/hello` shows.
public enum ReferenceItem {
    /// The key attribute.
    public static let keyAttribute = KeyAttribute("Application", .s)
    /// The key value of the item `/hello` reads.
    public static let keyValue = "TwelveFactorApp"
    /// The key of that item.
    public static let key: Item = [keyAttribute.name: .s(keyValue)]

    /// The schema of a reference table called `name`.
    public static func schema(_ name: String) -> TableSchema {
        TableSchema(name: name, partitionKey: keyAttribute)
    }

    /// The item `provision` seeds.
    public static let seed: Item = [
        "Application": .s(keyValue),
        "Name": "Formation",
        "Language": "Swift",
        "Platform": "the Formation supervisor",
        "BgColor": "teal",
    ]
}
