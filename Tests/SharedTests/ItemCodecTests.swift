import Foundation
import Shared
import Testing

/// AttributeValue's wire form and the Codable item mapping, without a server.
@Suite("AttributeValue and item mapping")
struct ItemCodecTests {
    @Test("each of the ten types has its documented wire form, and N keeps its exact text")
    func wireForm() throws {
        let cases: [(AttributeValue, String)] = [
            (.s("x"), #"{"S":"x"}"#),
            (.n("0.10000000000000000000000001"), #"{"N":"0.10000000000000000000000001"}"#),
            (.b(Data([1, 2, 3])), #"{"B":"AQID"}"#),
            (.bool(false), #"{"BOOL":false}"#),
            (.null, #"{"NULL":true}"#),
            (.m(["a": .s("b")]), #"{"M":{"a":{"S":"b"}}}"#),
            (.l([.n("1")]), #"{"L":[{"N":"1"}]}"#),
            (.ss(["a"]), #"{"SS":["a"]}"#),
            (.ns(["1e3"]), #"{"NS":["1e3"]}"#),
            (.bs([Data([255])]), #"{"BS":["\/w=="]}"#),
        ]
        for (value, json) in cases {
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            #expect(String(decoding: try encoder.encode(value), as: UTF8.self) == json)
            #expect(try JSONDecoder().decode(AttributeValue.self, from: Data(json.utf8)) == value)
        }
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(AttributeValue.self, from: Data(#"{"S":"a","N":"1"}"#.utf8)) }
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(AttributeValue.self, from: Data(#"{"X":"a"}"#.utf8)) }
    }

    struct Nested: Codable, Equatable {
        var id: UUID
        var count: UInt8
        var ratio: Float
        var flags: [Bool]
        var optional: Int?
        var children: [Nested]
        var kind: Kind
        enum Kind: String, Codable { case leaf, branch }
    }

    @Test("Codable types map to items and back: integers, floats, enums, optionals, nesting")
    func codable() throws {
        let leaf = Nested(id: UUID(), count: 255, ratio: 0.5, flags: [true], optional: nil, children: [], kind: .leaf)
        let tree = Nested(id: UUID(), count: 1, ratio: -1.25, flags: [], optional: 7, children: [leaf], kind: .branch)
        let item = try ItemEncoder().encode(tree)
        #expect(item["count"] == .n("1"))
        #expect(item["ratio"] == .n("-1.25"))
        #expect(item["kind"] == .s("branch"))
        #expect(item["optional"] == .n("7"))
        #expect(item["children"]?.listValue?.first?.mapValue?["optional"] == nil, "absent optionals are left out")
        #expect(try ItemDecoder().decode(Nested.self, from: item) == tree)
    }

    @Test("decoding fails with the path when a type or range does not fit")
    func decodingErrors() {
        #expect(throws: DecodingError.self) { try ItemDecoder().decode(Nested.self, from: ["id": .s("x")]) }
        struct Small: Decodable { var count: UInt8 }
        #expect(throws: DecodingError.self) { try ItemDecoder().decode(Small.self, from: ["count": .n("256")]) }
        #expect(throws: DecodingError.self) { try ItemDecoder().decode(Small.self, from: ["count": .s("1")]) }
        #expect(throws: EncodingError.self) { try ItemEncoder().encode(["x": Double.nan]) }
        #expect(throws: EncodingError.self) { try ItemEncoder().encode([1, 2]) }
    }
}
