import Testing
@testable import dashboard

@Suite("AccessToken")
struct AccessTokenTests {
    @Test("a random token is 64 lowercase hex digits (32 bytes) and differs each time")
    func random() {
        let tokens = (0..<20).map { _ in AccessToken.random().value }
        for token in tokens {
            #expect(token.utf8.count == 64)
            #expect(token.allSatisfy { "0123456789abcdef".contains($0) })
        }
        #expect(Set(tokens).count == tokens.count)
    }

    @Test("only the exact token matches")
    func matching() {
        let token = AccessToken(value: String(repeating: "ab", count: 32))
        #expect(token.matches(String(repeating: "ab", count: 32)))
        #expect(token.matches(Substring(String(repeating: "ab", count: 32))))
        #expect(!token.matches(String(repeating: "ab", count: 31) + "aa"))
        #expect(!token.matches(String(repeating: "AB", count: 32)))
        #expect(!token.matches(String(repeating: "ab", count: 31)))
        #expect(!token.matches(String(repeating: "ab", count: 33)))
        #expect(!token.matches(""))
        #expect(!token.matches(String?.none))
    }

    @Test("its description does not show the secret")
    func description() {
        let token = AccessToken.random()
        #expect(!"\(token)".contains(token.value))
    }
}
