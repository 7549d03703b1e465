import Foundation
import Shared

/// Items as DynamoDB JSON lines, the format of DynamoDB's own export to S3:
/// `{"Item":{"Application":{"S":"TwelveFactorApp"},...}}` on each line. Lossless for all ten
/// attribute types (numbers keep their exact text, binaries are base64).
public enum ItemJSONLines {
    private struct Line: Codable {
        var Item: [String: AttributeValue]
    }

    /// One line, with its newline.
    public static func encode(_ item: Item) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(Line(Item: item))
        data.append(0x0A)
        return data
    }

    /// Decodes one line (without its newline).
    public static func decode(_ line: some DataProtocol) throws(WireItemError) -> Item {
        guard let item = try WireItemParser.member("Item", from: Data(line)) else { throw WireItemError(offset: 0, reason: "no \"Item\" member") }
        return item
    }
}
