/// One put or delete in a BatchWriteItem.
public enum WriteRequest: Codable, Sendable, Hashable {
    /// Put this item.
    case put(Item)
    /// Delete the item with this key.
    case delete(key: Item)

    private enum Keys: String, CodingKey { case PutRequest, DeleteRequest }
    private struct Put: Codable { var Item: [String: AttributeValue] }
    private struct Delete: Codable { var Key: [String: AttributeValue] }

    /// Decodes `{"PutRequest":{"Item":...}}` or `{"DeleteRequest":{"Key":...}}`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        if let put = try container.decodeIfPresent(Put.self, forKey: .PutRequest) {
            self = .put(put.Item)
        } else {
            self = .delete(key: try container.decode(Delete.self, forKey: .DeleteRequest).Key)
        }
    }

    /// Encodes the wire form.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        switch self {
        case .put(let item): try container.encode(Put(Item: item), forKey: .PutRequest)
        case .delete(let key): try container.encode(Delete(Key: key), forKey: .DeleteRequest)
        }
    }
}
