import ControlProtocol
import Testing

/// Seeded random JSON trees: written by the serializer and by an independent writer (random
/// whitespace, random escapes, surrogate pairs), both read back equal.
@Suite struct JSONRoundTripPropertyTests {
    @Test(arguments: [1, 2, 3, 4])
    func randomTreesRoundTrip(seed: UInt64) throws {
        var random = Xorshift(seed: seed)
        for _ in 0..<300 {
            let value = TreeGenerator.value(depth: 6, random: &random)
            let text = value.serialized
            let again = try JSONValue.parse(text)
            #expect(again == value, "\(text)")
            #expect(again.serialized == text)
            let alternate = AlternateWriter.text(of: value, random: &random)
            #expect(try JSONValue.parse(alternate) == value, "\(alternate)")
        }
    }

    @Test func theGeneratorCoversEveryKind() {
        var random = Xorshift(seed: 1)
        var kinds: Set<String> = []
        for _ in 0..<200 {
            switch TreeGenerator.value(depth: 1, random: &random) {
            case .null: kinds.insert("null")
            case .bool: kinds.insert("bool")
            case .number: kinds.insert("number")
            case .string: kinds.insert("string")
            case .array: kinds.insert("array")
            case .object: kinds.insert("object")
            }
        }
        #expect(kinds.count == 6)
    }
}

/// xorshift64*: a small deterministic generator, so the trees are the same every run.
struct Xorshift: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed &* 0x9E37_79B9_7F4A_7C15 | 1 }

    mutating func next() -> UInt64 {
        state ^= state >> 12
        state ^= state << 25
        state ^= state >> 27
        return state &* 0x2545_F491_4F6C_DD1D
    }
}

enum TreeGenerator {
    static func value(depth: Int, random: inout Xorshift) -> JSONValue {
        switch Int.random(in: 0..<(depth > 0 ? 8 : 5), using: &random) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &random))
        case 2: return .number(number(random: &random))
        case 3, 4: return .string(string(random: &random))
        case 5, 6:
            return .array((0..<Int.random(in: 0...4, using: &random)).map { _ in value(depth: depth - 1, random: &random) })
        default:
            var keys: [String] = []
            for _ in 0..<Int.random(in: 0...4, using: &random) {
                let key = string(random: &random)
                if !keys.contains(where: { $0.utf8.elementsEqual(key.utf8) }) { keys.append(key) }
            }
            return .object(keys.map { ($0, value(depth: depth - 1, random: &random)) })
        }
    }

    static func number(random: inout Xorshift) -> Double {
        switch Int.random(in: 0..<6, using: &random) {
        case 0: return Double(Int.random(in: -1000...1000, using: &random))
        case 1: return Double(Int64.random(in: .min ... .max, using: &random))
        case 2: return Double.random(in: -1...1, using: &random)
        case 3: return [0.0, -0.0, 1e308, -1e308, 5e-324, .greatestFiniteMagnitude, 9_007_199_254_740_993].randomElement(using: &random) ?? 0
        default:
            // Any finite bit pattern: subnormals, huge exponents, long fractions.
            while true {
                let number = Double(bitPattern: random.next())
                if number.isFinite { return number }
            }
        }
    }

    /// Mostly ASCII, with quotes, backslashes, control characters, DEL, and scalars of every
    /// UTF-8 length (never surrogates, which a String cannot hold).
    static func string(random: inout Xorshift) -> String {
        let pool: [Unicode.Scalar] = ["a", "Z", "0", " ", "\"", "\\", "/", "\n", "\r", "\t", "\u{0}", "\u{1F}", "\u{7F}",
                                      "é", "\u{7FF}", "€", "\u{FFFF}", "😀", "\u{10FFFF}", "\u{301}", "\u{2028}"]
        var scalars = String.UnicodeScalarView()
        for _ in 0..<Int.random(in: 0...12, using: &random) {
            if Bool.random(using: &random), let scalar = pool.randomElement(using: &random) {
                scalars.append(scalar)
            } else if let scalar = Unicode.Scalar(UInt32.random(in: 0x20...0x7E, using: &random)) {
                scalars.append(scalar)
            }
        }
        return String(scalars)
    }
}

/// JSON written differently from `JSONValue.serialized`: whitespace between tokens, and each
/// character of a string either as it is (when JSON allows) or as `\uXXXX` (a surrogate pair
/// above U+FFFF) or a short escape.
enum AlternateWriter {
    static func text(of value: JSONValue, random: inout Xorshift) -> String {
        var output = ""
        write(value, to: &output, random: &random)
        return space(&random) + output + space(&random)
    }

    private static func write(_ value: JSONValue, to output: inout String, random: inout Xorshift) {
        switch value {
        case .null, .bool, .number: output += value.serialized
        case .string(let text): output += string(text, random: &random)
        case .array(let elements):
            output += "[" + space(&random)
            for (index, element) in elements.enumerated() {
                if index > 0 { output += space(&random) + "," + space(&random) }
                write(element, to: &output, random: &random)
            }
            output += space(&random) + "]"
        case .object(let members):
            output += "{" + space(&random)
            for (index, (key, member)) in members.enumerated() {
                if index > 0 { output += space(&random) + "," + space(&random) }
                output += string(key, random: &random) + space(&random) + ":" + space(&random)
                write(member, to: &output, random: &random)
            }
            output += space(&random) + "}"
        }
    }

    private static func space(_ random: inout Xorshift) -> String {
        ["", "", " ", "\n", "\t", "\r\n  "].randomElement(using: &random) ?? ""
    }

    private static func string(_ text: String, random: inout Xorshift) -> String {
        var output = "\""
        for scalar in text.unicodeScalars {
            let mustEscape = scalar == "\"" || scalar == "\\" || scalar.value < 0x20
            if !mustEscape && Bool.random(using: &random) {
                output.unicodeScalars.append(scalar)
            } else if scalar == "/" || scalar == "\"" || scalar == "\\", Bool.random(using: &random) {
                output += "\\" + String(scalar)
            } else {
                for unit in String(scalar).utf16 {
                    let hex = String(unit, radix: 16, uppercase: Bool.random(using: &random))
                    output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                }
            }
        }
        return output + "\""
    }
}
