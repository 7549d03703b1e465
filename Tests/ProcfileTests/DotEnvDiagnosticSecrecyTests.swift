import Procfile
import Testing

/// `.env` diagnostics land in CI logs and terminals: they name the file, line, column and key,
/// never any text of a value (nor of a line that may continue one).
@Suite(".env diagnostics never quote values")
struct DotEnvDiagnosticSecrecyTests {
    /// Looks like a PEM key's base64; no eight characters of it occur in any message's wording.
    static let secret = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj"

    /// Every diagnostic path of the parser, each with the secret where the problem is.
    static let cases: [(name: String, text: String, code: Diagnostic.Code)] = [
        ("an unquoted PEM key: its next line has no '='", "TLS_KEY=-----BEGIN PRIVATE KEY-----\n\(secret)\n", .invalidLine),
        ("a continuation line with base64 '+' and '=' padding", "TLS_KEY=x\n\(secret)+/abc==\n", .invalidKey),
        ("a continuation line starting with a digit", "TLS_KEY=x\n7\(secret)=\n", .invalidKey),
        ("a line continuing a value, quoted after '='", "TLS_KEY=x\n\(secret)+=\"\(secret)\n", .invalidKey),
        ("an unterminated double quote", "TLS_KEY=\"\(secret)\n", .unterminatedQuote),
        ("an unterminated single quote", "TLS_KEY='\(secret)", .unterminatedQuote),
        ("text after the closing quote", "TLS_KEY=\"ab\"\(secret)\n", .trailingCharacters),
        ("text after the closing quote after a comment-less blank", "TLS_KEY='ab'  \(secret) tail\n", .trailingCharacters),
        ("an unterminated '${'", "TLS_KEY=\(secret)${\(secret)\n", .invalidReference),
        ("an invalid reference name", "TLS_KEY=\(secret)${\(secret)-\(secret)}\n", .invalidReference),
        ("an invalid reference in double quotes", "TLS_KEY=\"${9\(secret)}\"\n", .invalidReference),
        ("defaults nested too deep", "TLS_KEY=" + String(repeating: "${U:-", count: 40) + secret + String(repeating: "}", count: 40), .invalidReference),
    ]

    @Test("no diagnostic quotes value text", arguments: cases)
    func noValueText(name: String, text: String, code: Diagnostic.Code) {
        let found = diagnostics { () throws(ProcfileError) in try DotEnvParser.parse(text, file: "config/.env") }
        #expect(found.map(\.code) == [code], "\(name)")
        for diagnostic in found {
            let line = diagnostic.description
            #expect(line.hasPrefix("config/.env:"), "\(name): \(line)")
            let leaked = Self.windows(of: Self.secret, length: 8).first { line.contains($0) }
            #expect(leaked == nil, "\(name): '\(leaked ?? "")' of the value is in: \(line)")
        }
    }

    @Test("a valid key is named; the line and column point at the problem")
    func namesKeyLineAndColumn() {
        let found = diagnostic { () throws(ProcfileError) in
            try DotEnvParser.parse("A=1\nDB_PASSWORD=\"\(Self.secret)\" trailing\n")
        }
        #expect(found?.description == ".env:2:\(16 + Self.secret.count): unexpected text after the closing quote of "
            + "'DB_PASSWORD'; put the whole value inside the quotes or start a comment with ' #'")
    }

    /// Every run of `length` characters of `text`.
    static func windows(of text: String, length: Int) -> [String] {
        let characters = Array(text)
        return (0...(characters.count - length)).map { String(characters[$0..<($0 + length)]) }
    }
}
