import Foundation
import Shared

/// Items as the embedded store keeps them: the DynamoDB JSON wire form of the attribute map
/// (`{"Name":{"S":"x"}}`), which is lossless for all ten types.
enum ItemCoding {
    static func encode(_ item: Item) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(item), as: UTF8.self)
    }

    static func decode(_ text: String) throws(WireItemError) -> Item {
        try WireItemParser.item(from: text)
    }
}
