import AppTestSupport
import AsyncHTTPClient
import Foundation
import Logging
import Shared
import Testing

/// moto with signature checking on (`INITIAL_NO_AUTH_ACTION_COUNT`): the first three unchecked
/// calls create an IAM user, its access key and an allow-all policy; after that every request must
/// be signed with that key's real secret.
@Suite("SigV4 against moto's signature check")
struct SignatureCheckTests {
    /// Calls IAM's query protocol through our sender (unchecked calls, any credentials).
    static func iam(_ peer: MotoServer, _ parameters: [(String, String)]) async throws -> String {
        let sender = AWSRequestSender(
            service: "iam", region: "us-east-1", endpoint: try #require(AWSEndpoint(url: peer.endpoint)),
            credentials: StaticCredentialsProvider(AWSCredentials(accessKeyID: "AKIDBOOTSTRAP0000000", secretAccessKey: "bootstrap")),
            httpClient: HTTPClient.shared, retry: MotoServer.fastRetry
        )
        let body = (parameters + [("Version", "2010-05-08")])
            .map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? $0.1)" }
            .joined(separator: "&")
        let response = try await sender.send(
            operation: parameters[0].1, method: "POST", path: "/",
            headers: [SigV4Request.Header(name: "Content-Type", value: "application/x-www-form-urlencoded; charset=utf-8")],
            body: Array(body.utf8)
        )
        return String(decoding: response.body, as: UTF8.self)
    }

    static func element(_ name: String, in xml: String) -> String? {
        guard let open = xml.range(of: "<\(name)>"), let close = xml.range(of: "</\(name)>", range: open.upperBound..<xml.endIndex) else { return nil }
        return String(xml[open.upperBound..<close.lowerBound])
    }

    @Test("the right secret passes, a wrong one fails with SignatureDoesNotMatch, and no secret leaks")
    func rightAndWrongSecret() async throws {
        try await Moto.withOwnServer(environment: ["INITIAL_NO_AUTH_ACTION_COUNT": "3"]) { peer in
            _ = try await Self.iam(peer, [("Action", "CreateUser"), ("UserName", "formation")])
            let keyXML = try await Self.iam(peer, [("Action", "CreateAccessKey"), ("UserName", "formation")])
            let policy = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#
            _ = try await Self.iam(peer, [("Action", "PutUserPolicy"), ("UserName", "formation"), ("PolicyName", "all"), ("PolicyDocument", policy)])
            let keyID = try #require(Self.element("AccessKeyId", in: keyXML))
            let secret = try #require(Self.element("SecretAccessKey", in: keyXML))

            let right = try MotoServer.client(endpoint: peer.endpoint, credentials: AWSCredentials(accessKeyID: keyID, secretAccessKey: secret))
            let table = "signed"
            try await Moto.createTable(right, table)
            try await right.putItem(PutItemInput(tableName: table, item: ["pk": "a", "sk": 1, "v": "signed write"]))
            #expect(try await right.getItem(tableName: table, key: ["pk": "a", "sk": 1])?["v"] == .s("signed write"))

            let wrongSecret = "WRONG" + secret.dropFirst(5)
            let logs = LogCapture()
            let logger = logs.logger
            let wrong = try DynamoDBClient(
                region: "us-east-1", endpoint: peer.endpoint,
                credentials: StaticCredentialsProvider(AWSCredentials(accessKeyID: keyID, secretAccessKey: wrongSecret)),
                httpClient: HTTPClient.shared, retry: MotoServer.fastRetry, logger: logger
            )
            let error = await #expect(throws: AWSError.self) {
                _ = try await wrong.getItem(tableName: table, key: ["pk": "a", "sk": 1])
            }
            #expect(error?.code == .signatureDoesNotMatch)
            #expect(error?.statusCode == 403)
            #expect(error?.attempts == 1, "an auth failure is not retried")
            let text = "\(String(describing: error)) \(error.map { String(reflecting: $0) } ?? "") \(logs.text)"
            #expect(!text.contains(wrongSecret))
            #expect(!text.contains(secret))

            let unknownKey = try MotoServer.client(endpoint: peer.endpoint, credentials: AWSCredentials(accessKeyID: "AKIDUNKNOWN000000000", secretAccessKey: secret))
            let unknown = await #expect(throws: AWSError.self) { _ = try await unknownKey.describeTable(table) }
            #expect(unknown?.code == .unrecognizedClient || unknown?.code == "InvalidClientTokenId")
        }
    }
}
