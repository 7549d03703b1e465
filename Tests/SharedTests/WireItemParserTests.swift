import Foundation
import PeerSupport
import Shared
import Testing

/// The byte-level DynamoDB JSON reader against Foundation's JSONDecoder and hand-written cases.
@Suite("WireItemParser")
struct WireItemParserTests {
    @Test("500 generated items of all ten types read back equal to what JSONDecoder reads")
    func matchesJSONDecoder() throws {
        var rng = SeededGenerator(state: 0x5EED_1234)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for round in 0..<500 {
            let item = Self.randomItem(depth: 0, using: &rng)
            if round % 2 == 1 { encoder.outputFormatting = [.prettyPrinted] } else { encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes] }
            let json = try encoder.encode(item)
            let parsed = try WireItemParser.item(from: String(decoding: json, as: UTF8.self))
            #expect(parsed == item, "round \(round): \(String(decoding: json, as: UTF8.self))")
            #expect(parsed == (try JSONDecoder().decode(Item.self, from: json)))
        }
    }

    @Test("escapes: \\n \\t \\\" \\\\ \\/ \\u00e9, surrogate pairs, and raw UTF-8")
    func escapes() throws {
        let json = #"{ "a" : { "S" : "q\"b\\s\/n\nt\t\u00e9\ud83d\ude00 r\u00E9sum\u00e9 ü€" } , "b":{"BOOL":true},"c":{"NULL":true}}"#
        let item = try WireItemParser.item(from: json)
        #expect(item == ["a": .s("q\"b\\s/n\nt\té😀 résumé ü€"), "b": .bool(true), "c": .null])
    }

    @Test("a JSON object's member is found among others of any kind")
    func member() throws {
        let json = #"{"ConsumedCapacity":{"CapacityUnits":0.5,"Table":[1,-2e3,null,false]},"Item":{"k":{"N":"1"}},"x":"y"}"#
        let item = try json.utf8CString.withUnsafeBytes { buffer in
            try WireItemParser.member("Item", from: UnsafeRawBufferPointer(rebasing: buffer.dropLast()))
        }
        #expect(item == ["k": .n("1")])
        let none = try #"{"Other":{}}"#.utf8CString.withUnsafeBytes { buffer in
            try WireItemParser.member("Item", from: UnsafeRawBufferPointer(rebasing: buffer.dropLast()))
        }
        #expect(none == nil)
    }

    @Test("malformed input fails with the offset and the reason", arguments: [
        (#"{"a":{"S":"x","N":"1"}}"#, 13, "exactly one type key"),
        (#"{"a":{"X":"1"}}"#, 6, "unknown attribute type \"X\""),
        (#"{"a":{"S":"\ud83d"}}"#, 11, "high surrogate"),
        (#"{"a":{"S":"\ude00x"}}"#, 11, "low surrogate"),
        (#"{"a":{"S":"x\qy"}}"#, 13, "unknown escape"),
        ("{\"a\":{\"S\":\"x\ny\"}}", 12, "control character"),
        (#"{"a":{"S":"x"}} x"#, 16, "after the end"),
        (#"{"a":{"S":"x"}"#, 14, "end of input"),
        (#"{"a":{"S":"x"#, 10, "never ends"),
        (#"{"a":{"B":"%%%"}}"#, 10, "not base64"),
        (#"{"a":{"BOOL":"yes"}}"#, 13, "true or false"),
        (#"{"a":{"N":5}}"#, 10, "a string"),
        (#"{"a" {"S":"x"}}"#, 5, "':'"),
    ])
    func errors(json: String, offset: Int, reason: String) {
        #expect {
            try WireItemParser.item(from: json)
        } throws: { error in
            guard let error = error as? WireItemError else { return false }
            return error.offset == offset && error.reason.contains(reason)
        }
    }

    @Test("invalid UTF-8 in a string is refused, not repaired")
    func invalidUTF8() {
        let bytes: [UInt8] = Array(#"{"a":{"S":"x"#.utf8) + [0xC3, 0x28] + Array(#""}}"#.utf8)
        #expect(throws: WireItemError.self) {
            try bytes.withUnsafeBytes { try WireItemParser.item(from: $0) }
        }
    }

    @Test("nesting deeper than the limit is refused instead of overflowing the stack")
    func depth() throws {
        let levels = 10_000
        let json = String(repeating: #"{"a":{"L":["#, count: levels) + String(repeating: "]}}", count: levels)
        #expect(throws: WireItemError.self) { try WireItemParser.item(from: json) }
        let ok = String(repeating: #"{"a":{"M":"#, count: 20) + "{}" + String(repeating: "}}", count: 20)
        #expect(try WireItemParser.item(from: ok).count == 1)
    }

    // MARK: Generation

    static func randomItem(depth: Int, using rng: inout SeededGenerator) -> Item {
        var item: Item = [:]
        for _ in 0..<Int.random(in: 0...5, using: &rng) {
            item[randomString(using: &rng)] = randomValue(depth: depth, using: &rng)
        }
        return item
    }

    static func randomValue(depth: Int, using rng: inout SeededGenerator) -> AttributeValue {
        let kinds = depth < 3 ? 10 : 8
        switch Int.random(in: 0..<kinds, using: &rng) {
        case 0: return .s(randomString(using: &rng))
        case 1: return .n(String(Int.random(in: -1_000_000...1_000_000, using: &rng)) + ".25")
        case 2: return .b(Data((0..<Int.random(in: 0...9, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }))
        case 3: return .bool(Bool.random(using: &rng))
        case 4: return .null
        case 5: return .ss((0..<Int.random(in: 1...3, using: &rng)).map { _ in randomString(using: &rng) })
        case 6: return .ns((0..<Int.random(in: 1...3, using: &rng)).map { _ in String(Int.random(in: 0...99, using: &rng)) })
        case 7: return .bs([Data([UInt8.random(in: 0...255, using: &rng)]), Data()])
        case 8: return .m(randomItem(depth: depth + 1, using: &rng))
        default: return .l((0..<Int.random(in: 0...4, using: &rng)).map { _ in randomValue(depth: depth + 1, using: &rng) })
        }
    }

    /// Strings with what JSON must escape (quotes, backslashes, control characters), slashes,
    /// and characters outside ASCII and outside the Basic Multilingual Plane.
    static func randomString(using rng: inout SeededGenerator) -> String {
        let pieces = ["a", "Zz", "\"", "\\", "/", "\n", "\t", "\u{01}", "\u{1F}", "é", "€", "😀", "𝄞", " ", "{", "}", "[", ":", ","]
        return (0..<Int.random(in: 0...6, using: &rng)).map { _ in pieces[Int.random(in: 0..<pieces.count, using: &rng)] }.joined()
    }
}
