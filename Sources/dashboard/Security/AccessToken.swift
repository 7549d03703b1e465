/// The secret every request must carry: 32 random bytes as 64 hex digits, printed in the
/// dashboard's URL (as Jupyter does).
struct AccessToken: Sendable, CustomStringConvertible {
    let value: String

    /// The request header that carries it on POST (the page's fetch calls send it).
    static let header = "X-Formation-Token"

    init(value: String) {
        self.value = value
    }

    /// 32 bytes from the system's generator (getrandom(2) on Linux).
    static func random() -> AccessToken {
        var generator = SystemRandomNumberGenerator()
        let digits = Array("0123456789abcdef".utf8)
        var hex: [UInt8] = []
        hex.reserveCapacity(64)
        for _ in 0..<32 {
            let byte = UInt8.random(in: .min ... .max, using: &generator)
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 0x0F)])
        }
        return AccessToken(value: String(decoding: hex, as: UTF8.self))
    }

    /// Whether `candidate` is the token, in time that does not depend on where they differ
    /// (only on the candidate's length, which is no secret).
    func matches(_ candidate: (some StringProtocol)?) -> Bool {
        guard let candidate else { return false }
        let expected = Array(value.utf8)
        let given = Array(candidate.utf8)
        guard expected.count == given.count else { return false }
        var difference: UInt8 = 0
        for index in expected.indices { difference |= expected[index] ^ given[index] }
        return difference == 0
    }

    /// Never printed by accident (logs, errors): only `value` is the secret.
    var description: String { "AccessToken(…)" }
}
