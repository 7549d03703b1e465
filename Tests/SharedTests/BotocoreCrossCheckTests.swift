import Foundation
import PeerSupport
import Shared
import Testing

/// Our signer against botocore's `SigV4Auth` (pip botocore) on generated requests: random
/// methods, paths with spaces and non-ASCII, queries, repeated and untrimmed headers, bodies,
/// session tokens and times.
@Suite("SigV4 cross-checked against botocore")
struct BotocoreCrossCheckTests {
    struct Spec: Codable {
        var method: String
        var path: String
        var query: [[String]]
        var headers: [[String]]
        var body: String
        var access_key: String
        var secret_key: String
        var token: String?
        var region: String
        var service: String
        var epoch: Int
    }

    struct Signed: Codable {
        var authorization: String
        var headers: [String: String]
    }

    static func generate(count: Int, seed: UInt64) -> [Spec] {
        var rng = SeededGenerator(state: seed)
        let words = ["a", "b", "Key", "x y", "ü", "日本", "~t", "-_.", "+plus", "a=b", "50%", "slash/"]
        let headerNames = ["X-Custom", "x-amz-target", "Content-Type", "X-Trace-Id", "My-Header", "x-meta-Data"]
        let values = ["v", "  spaced   out  ", "a\tb", "application/x-amz-json-1.0", "\"quoted  value\"", "DynamoDB_20120810.GetItem", ""]
        func pick<T>(_ array: [T]) -> T { array[Int.random(in: 0..<array.count, using: &rng)] }
        return (0..<count).map { _ in
            let segments = (0..<Int.random(in: 0...3, using: &rng)).map { _ in pick(words).replacingOccurrences(of: "/", with: "") }
            var path = "/" + segments.joined(separator: "/")
            if Bool.random(using: &rng), !segments.isEmpty { path += "/" }
            var usedKeys = Set<String>()
            var query: [[String]] = []
            for _ in 0..<Int.random(in: 0...4, using: &rng) {
                let key = pick(words) + String(Int.random(in: 0...9, using: &rng))
                if usedKeys.insert(key).inserted { query.append([key, pick(words)]) }
            }
            let headers = (0..<Int.random(in: 0...4, using: &rng)).map { _ in [pick(headerNames), pick(values)] }
            let body = Bool.random(using: &rng) ? Data((0..<Int.random(in: 1...300, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }) : Data()
            return Spec(
                method: pick(["GET", "POST", "PUT", "DELETE"]), path: path, query: query, headers: headers,
                body: body.base64EncodedString(), access_key: "AKID" + String(Int.random(in: 1000...9999, using: &rng)),
                secret_key: "secret/" + String(UInt64.random(in: 0...UInt64.max, using: &rng), radix: 36),
                token: Bool.random(using: &rng) ? "token" + String(Int.random(in: 0...99999, using: &rng)) : nil,
                region: pick(["us-east-1", "eu-west-1", "ap-southeast-2"]), service: pick(["dynamodb", "appconfig", "iam"]),
                epoch: Int.random(in: 1_000_000_000...2_000_000_000, using: &rng)
            )
        }
    }

    /// The path as sent: each byte but unreserved characters, `/` and `~` percent-encoded (what
    /// the botocore script puts in its URL).
    static func wirePath(_ path: String) -> String {
        let allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~/")
        return path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path
    }

    /// Signs `specs` with the pinned botocore (Peers/botocore_sign.py in the peers' venv). The
    /// script fixes botocore's clock and checks it did; when it cannot, it exits non-zero with one
    /// line naming the botocore version, which becomes this error.
    static func botocoreSign(_ specs: [Spec]) throws -> [Signed] {
        let input = FileManager.default.temporaryDirectory.appendingPathComponent("sigv4-specs-\(UUID().uuidString).json")
        let errors = FileManager.default.temporaryDirectory.appendingPathComponent("sigv4-errors-\(UUID().uuidString).txt")
        defer {
            try? FileManager.default.removeItem(at: input)
            try? FileManager.default.removeItem(at: errors)
        }
        try JSONEncoder().encode(specs).write(to: input)
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try Peers.python())
        process.arguments = [TestPaths.peers.appendingPathComponent("botocore_sign.py").path]
        process.environment = Peers.environment()
        process.standardInput = try FileHandle(forReadingFrom: input)
        process.standardError = try FileHandle(forWritingTo: errors)
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let message = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
            throw PeerFailure(script: "botocore_sign.py", status: process.terminationStatus, message: message)
        }
        return try JSONDecoder().decode([Signed].self, from: data)
    }

    @Test("300 generated requests sign exactly as botocore signs them")
    func generatedRequests() throws {
        let specs = Self.generate(count: 300, seed: 0x5167_4E34)
        let expected = try Self.botocoreSign(specs)
        try #require(expected.count == specs.count)
        var mismatches = 0
        for (spec, theirs) in zip(specs, expected) {
            let request = SigV4Request(
                method: spec.method, path: Self.wirePath(spec.path),
                query: spec.query.map { SigV4Request.QueryItem(name: $0[0], value: $0[1]) },
                headers: spec.headers.map { SigV4Request.Header(name: $0[0], value: $0[1]) } + [SigV4Request.Header(name: "Host", value: "example.amazonaws.com")],
                body: Array(Data(base64Encoded: spec.body) ?? Data())
            )
            let ours = SigV4Signer(region: spec.region, service: spec.service).sign(
                request,
                credentials: AWSCredentials(accessKeyID: spec.access_key, secretAccessKey: spec.secret_key, sessionToken: spec.token),
                date: Date(timeIntervalSince1970: TimeInterval(spec.epoch))
            )
            let authorization = ours.headers.first { $0.name == "Authorization" }?.value
            if authorization != theirs.authorization {
                mismatches += 1
                if mismatches <= 3 {
                    Issue.record("mismatch for \(spec.method) \(spec.path) \(spec.query) \(spec.headers):\n ours   \(authorization ?? "-")\n botocore \(theirs.authorization)\n\(ours.canonicalRequest)")
                }
            }
            #expect(ours.headers.first { $0.name == "X-Amz-Date" }?.value == theirs.headers["X-Amz-Date"])
            #expect(ours.headers.first { $0.name == "X-Amz-Security-Token" }?.value == theirs.headers["X-Amz-Security-Token"])
        }
        #expect(mismatches == 0)
    }
}
