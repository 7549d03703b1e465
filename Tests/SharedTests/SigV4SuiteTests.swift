import Foundation
import Shared
import Testing

/// The official AWS SigV4 test suite (aws-c-auth's v4 cases), read from
/// `../shared/testdata/aws-sigv4-test-suite` beside the checkout.
@Suite("SigV4 official test suite", .enabled(if: TestPaths.sigV4SuiteExists, "the AWS SigV4 test suite is not at ../shared/testdata/aws-sigv4-test-suite; skipping"))
struct SigV4SuiteTests {
    struct Context: Decodable {
        struct Credentials: Decodable {
            var access_key_id: String
            var secret_access_key: String
            var token: String?
        }
        var credentials: Credentials
        var expiration_in_seconds: Int
        var normalize: Bool
        var region: String
        var service: String
        var sign_body: Bool
        var timestamp: String
        var omit_session_token: Bool?
    }

    static var caseNames: [String] {
        guard TestPaths.sigV4SuiteExists,
              let names = try? FileManager.default.contentsOfDirectory(atPath: TestPaths.sigV4Suite.path) else { return [] }
        return names.filter { FileManager.default.fileExists(atPath: TestPaths.sigV4Suite.appendingPathComponent("\($0)/context.json").path) }.sorted()
    }

    struct Case {
        var context: Context
        var request: RawHTTPRequest
        var directory: URL

        init(_ name: String) throws {
            directory = TestPaths.sigV4Suite.appendingPathComponent(name)
            context = try JSONDecoder().decode(Context.self, from: Data(contentsOf: directory.appendingPathComponent("context.json")))
            request = try RawHTTPRequest(String(contentsOf: directory.appendingPathComponent("request.txt"), encoding: .utf8))
        }

        func expected(_ file: String) throws -> String {
            try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
        }

        var credentials: AWSCredentials {
            AWSCredentials(accessKeyID: context.credentials.access_key_id, secretAccessKey: context.credentials.secret_access_key, sessionToken: context.credentials.token)
        }

        var date: Date {
            get throws {
                guard let date = ISO8601DateFormatter().date(from: context.timestamp) else { throw RawHTTPRequest.ParseError(line: context.timestamp) }
                return date
            }
        }

        var options: SigV4Options {
            SigV4Options(normalizePath: context.normalize, signBodyHashHeader: context.sign_body, omitSessionTokenFromSignature: context.omit_session_token ?? false)
        }

        var sigV4Request: SigV4Request {
            SigV4Request(method: request.method, path: request.path, query: request.queryItems, headers: request.headers, body: request.body)
        }
    }

    @Test("the suite is there and has cases")
    func suiteHasCases() {
        #expect(Self.caseNames.count >= 30)
    }

    @Test("header signing matches canonical request, string to sign, signature and Authorization", arguments: caseNames)
    func headerSigning(name: String) throws {
        let testCase = try Case(name)
        let signer = SigV4Signer(region: testCase.context.region, service: testCase.context.service)
        let result = signer.sign(testCase.sigV4Request, credentials: testCase.credentials, date: try testCase.date, options: testCase.options)
        #expect(result.canonicalRequest == (try testCase.expected("header-canonical-request.txt")))
        #expect(result.stringToSign == (try testCase.expected("header-string-to-sign.txt")))
        #expect(result.signature == (try testCase.expected("header-signature.txt")).trimmingCharacters(in: .whitespacesAndNewlines))
        let signedRequest = try RawHTTPRequest(testCase.expected("header-signed-request.txt"))
        let expectedAuthorization = signedRequest.headers.first { $0.name.lowercased() == "authorization" }?.value
        let actualAuthorization = result.headers.first { $0.name == "Authorization" }?.value
        #expect(actualAuthorization == expectedAuthorization)
        // Every header the suite's signed request adds is one we add, with the same value.
        for header in signedRequest.headers where !testCase.request.headers.contains(header) {
            #expect(result.headers.contains { $0.name.lowercased() == header.name.lowercased() && $0.value == header.value }, "missing \(header.name)")
        }
    }

    @Test("query presigning matches canonical request, string to sign and signature", arguments: caseNames)
    func queryPresigning(name: String) throws {
        let testCase = try Case(name)
        let signer = SigV4Signer(region: testCase.context.region, service: testCase.context.service)
        let result = signer.presign(testCase.sigV4Request, credentials: testCase.credentials, date: try testCase.date,
                                    expires: testCase.context.expiration_in_seconds, options: testCase.options)
        #expect(result.canonicalRequest == (try testCase.expected("query-canonical-request.txt")))
        #expect(result.stringToSign == (try testCase.expected("query-string-to-sign.txt")))
        #expect(result.signature == (try testCase.expected("query-signature.txt")).trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
