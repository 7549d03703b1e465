// libFuzzer target for WireItemParser (Sources/Shared/DynamoDB/Wire), fed the raw bytes.
//
// Properties, for any bytes:
// - item(from:) and member("Item", from:) never trap (nesting is bounded by maximumDepth);
// - a WireItemError has an offset within the input (0...count) and a reason;
// - for valid UTF-8, item(from: String) gives the same item or the same error as the bytes;
// - an accepted item re-encoded by JSONEncoder (AttributeValue's Encodable) parses back equal;
// - an accepted item is accepted by JSONDecoder (AttributeValue's Decodable, which the parser
//   is documented to be stricter than) with an equal result, unless an object in the input
//   repeats a name (JSONDecoder keeps the first, the parser the last);
// - wrapping an accepted item as `{"Item":<input>}` gives it back from member("Item", from:)
//   (or a nesting error, since the envelope adds a level).

import Foundation

private let encoder = JSONEncoder()
private let decoder = JSONDecoder()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzWireItem(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = inputBytes(data, size)
    let result = Result { () throws(WireItemError) -> Item in try WireItemParser.item(from: bytes) }
    checkMember(bytes)
    if case .failure(let error) = result { checkError(error, count: bytes.count) }
    if let text = String(validating: bytes, as: UTF8.self) {
        let fromText = Result { () throws(WireItemError) -> Item in try WireItemParser.item(from: text) }
        require(fromText == result, "bytes and String disagree: \(result) vs \(fromText)")
    }
    guard case .success(let item) = result else { return 0 }
    checkReencoding(item)
    checkAgainstJSONDecoder(item, bytes)
    checkEnvelope(item, bytes)
    return 0
}

private func checkError(_ error: WireItemError, count: Int) {
    require(error.offset >= 0 && error.offset <= count, "offset \(error.offset) outside 0...\(count): \(error)")
    require(!error.reason.isEmpty, "error without a reason")
}

private func checkMember(_ bytes: UnsafeRawBufferPointer) {
    do {
        _ = try WireItemParser.member("Item", from: bytes)
    } catch {
        checkError(error, count: bytes.count)
    }
}

private func checkReencoding(_ item: Item) {
    let json: Data
    do {
        json = try encoder.encode(item)
    } catch {
        require(false, "JSONEncoder cannot encode \(item): \(error)")
        return
    }
    do {
        let again = try json.withUnsafeBytes { buffer throws(WireItemError) in try WireItemParser.item(from: buffer) }
        require(again == item, "re-encoded item reads back different: \(item) -> \(String(decoding: json, as: UTF8.self)) -> \(again)")
    } catch {
        require(false, "re-encoded item \(String(decoding: json, as: UTF8.self)) does not parse: \(error)")
    }
}

private func checkAgainstJSONDecoder(_ item: Item, _ bytes: UnsafeRawBufferPointer) {
    let decoded: Item
    do {
        decoded = try decoder.decode(Item.self, from: Data(bytes))
    } catch {
        require(false, "parser accepts what JSONDecoder refuses (\(error)); parser read \(item)")
        return
    }
    require(decoded == item || hasRepeatedName(bytes),
            "parser and JSONDecoder disagree: \(item) vs \(decoded)")
}

private func checkEnvelope(_ item: Item, _ bytes: UnsafeRawBufferPointer) {
    let envelope = Data(#"{"Item":"#.utf8) + Data(bytes) + Data("}".utf8)
    do {
        let found = try WireItemParser.member("Item", from: envelope)
        require(found == item, "member(\"Item\") of the envelope is \(String(describing: found)), not \(item)")
    } catch {
        require(error.reason.contains("nested deeper"), "envelope of an accepted item fails: \(error)")
    }
}

/// Whether some object in `bytes` (JSON the parser accepted) has a name twice. Names are
/// compared decoded (JSONDecoder reads each name token), so `"a"` and `"\u0061"` repeat.
private func hasRepeatedName(_ bytes: UnsafeRawBufferPointer) -> Bool {
    // A stack of open containers: the names of an object so far, or nil for an array.
    var stack: [Set<String>?] = []
    var expectingName = false
    var index = 0
    while index < bytes.count {
        switch bytes[index] {
        case UInt8(ascii: "{"):
            stack.append([])
            expectingName = true
        case UInt8(ascii: "["):
            stack.append(nil)
            expectingName = false
        case UInt8(ascii: "}"), UInt8(ascii: "]"):
            _ = stack.popLast()
            expectingName = false
        case UInt8(ascii: ","):
            expectingName = stack.last.map { $0 != nil } ?? false
        case UInt8(ascii: "\""):
            let start = index
            index += 1
            while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
                index += bytes[index] == UInt8(ascii: "\\") ? 2 : 1
            }
            if expectingName, let top = stack.indices.last, var names = stack[top] {
                let token = Data(bytes[start...min(index, bytes.count - 1)])
                guard let name = try? decoder.decode(String.self, from: token) else { return false }
                if !names.insert(name).inserted { return true }
                stack[top] = names
                expectingName = false
            }
        default:
            break
        }
        index += 1
    }
    return false
}
