import Foundation
import Shared

/// How the embedded store addresses an item: one text made from the key attributes in schema
/// order (numbers in canonical form, so `1` and `1.0` are one key), and a stable hash of it that
/// splits a table into scan segments.
struct StoredKey: Sendable, Hashable {
    /// The key's text; unique per item within a table.
    let text: String
    /// FNV-1a of `text`, kept non-negative so that `segment_hash % n` is a segment number.
    let segmentHash: Int64

    /// The stored key of `item` under `schema`, or a description of what is wrong with it.
    static func make(for item: Item, schema: TableSchema) -> Result<StoredKey, KeyProblem> {
        var parts: [String] = []
        for attribute in schema.keyAttributes {
            guard let value = item[attribute.name] else {
                return .failure(KeyProblem(message: "missing the key attribute \(attribute.name)"))
            }
            guard attribute.accepts(value) else {
                return .failure(KeyProblem(message: "the key attribute \(attribute.name) must be a non-empty \(attribute.type.rawValue)"))
            }
            switch value {
            case .s(let text): parts.append("S" + text)
            case .n(let text): parts.append("N" + (CanonicalNumber.normalize(text) ?? text))
            case .b(let data): parts.append("B" + data.base64EncodedString())
            default: preconditionFailure("KeyAttribute.accepts admits only S, N and B")
            }
        }
        let text: String
        if parts.count == 1 {
            text = parts[0]
        } else {
            // A JSON array is unambiguous whatever the parts contain.
            let data = (try? JSONSerialization.data(withJSONObject: parts)) ?? Data(parts.joined(separator: "\u{1F}").utf8)
            text = String(decoding: data, as: UTF8.self)
        }
        return .success(StoredKey(text: text, segmentHash: fnv1a(text)))
    }

    /// Why an item's key is unusable.
    struct KeyProblem: Error {
        let message: String
    }

    private static func fnv1a(_ text: String) -> Int64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return Int64(bitPattern: hash & 0x7fff_ffff_ffff_ffff)
    }
}
