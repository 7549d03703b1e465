import AppTestSupport
import AsyncHTTPClient
import Foundation
import Logging
import Shared
import Testing

/// The credentials chain: environment, the ECS container endpoint (a real local HTTP server),
/// the shared credentials file; and that no secret is ever logged or put in an error.
@Suite("credentials")
struct CredentialsTests {
    static let secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"

    @Test("environment variables, with and without a session token; a key without a secret is an error")
    func environment() throws {
        let plain = try EnvironmentCredentialsProvider.resolve(["AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": Self.secret])
        #expect(plain == AWSCredentials(accessKeyID: "AKIDENV", secretAccessKey: Self.secret))
        let session = try EnvironmentCredentialsProvider.resolve(["AWS_ACCESS_KEY_ID": "ASIAENV", "AWS_SECRET_ACCESS_KEY": Self.secret, "AWS_SESSION_TOKEN": "tok"])
        #expect(session.sessionToken == "tok")
        #expect(throws: CredentialsError.self) { try EnvironmentCredentialsProvider.resolve(["AWS_ACCESS_KEY_ID": "AKIDENV"]) }
        let none = #expect(throws: CredentialsError.self) { try EnvironmentCredentialsProvider.resolve([:]) }
        #expect(none?.code == .notConfigured)
    }

    @Test("the shared credentials file: profiles, comments, AWS_PROFILE and AWS_SHARED_CREDENTIALS_FILE")
    func sharedFile() async throws {
        let text = """
        # comment
        [default]
        aws_access_key_id = AKIDDEFAULT
        aws_secret_access_key = \(Self.secret)

        [profile ops]
        aws_access_key_id=AKIDOPS
        aws_secret_access_key=opsSecret
        aws_session_token = opsToken
        ; another comment
        [broken]
        aws_access_key_id = AKIDBROKEN
        """
        #expect(try SharedCredentialsFile.credentials(in: text, profile: "default").accessKeyID == "AKIDDEFAULT")
        let ops = try SharedCredentialsFile.credentials(in: text, profile: "ops")
        #expect(ops == AWSCredentials(accessKeyID: "AKIDOPS", secretAccessKey: "opsSecret", sessionToken: "opsToken"))
        let broken = #expect(throws: CredentialsError.self) { try SharedCredentialsFile.credentials(in: text, profile: "broken") }
        #expect(broken?.code == .invalidConfiguration)

        let file = FileManager.default.temporaryDirectory.appendingPathComponent("credentials-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data(text.utf8).write(to: file)
        let provider = SharedCredentialsFileProvider(environment: ["AWS_SHARED_CREDENTIALS_FILE": file.path, "AWS_PROFILE": "ops"])
        #expect(try await provider.credentials().accessKeyID == "AKIDOPS")
        let missing = SharedCredentialsFileProvider(environment: ["AWS_SHARED_CREDENTIALS_FILE": file.path + ".absent"])
        let error = await #expect(throws: CredentialsError.self) { _ = try await missing.credentials() }
        #expect(error?.code == .notConfigured)
    }

    @Test("container endpoint resolution: relative URI at 169.254.170.2, full URI only to allowed hosts over http")
    func containerEndpointResolution() throws {
        let relative = try ContainerCredentialsEndpoint.resolve(["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "/v2/credentials/abc"])
        #expect(relative.url == "http://169.254.170.2/v2/credentials/abc")
        #expect(relative.authorization == nil)
        let full = try ContainerCredentialsEndpoint.resolve([
            "AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://127.0.0.1:9911/creds",
            "AWS_CONTAINER_AUTHORIZATION_TOKEN": "tok",
        ])
        #expect(full.authorization == .token("tok"))
        let fileWins = try ContainerCredentialsEndpoint.resolve([
            "AWS_CONTAINER_CREDENTIALS_FULL_URI": "https://creds.example.com/x",
            "AWS_CONTAINER_AUTHORIZATION_TOKEN": "tok",
            "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE": "/var/run/token",
        ])
        #expect(fileWins.authorization == .tokenFile("/var/run/token"))
        let remote = #expect(throws: CredentialsError.self) {
            try ContainerCredentialsEndpoint.resolve(["AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://10.1.2.3/creds"])
        }
        #expect(remote?.code == .invalidConfiguration)
        let none = #expect(throws: CredentialsError.self) { try ContainerCredentialsEndpoint.resolve([:]) }
        #expect(none?.code == .notConfigured)
    }

    static func withContainerServer(token: String, expiresIn: Int, _ body: (PeerProcess) async throws -> Void) async throws {
        try await PeerProcess.with({ try await PeerProcess.python("container_credentials_server.py", [token, String(expiresIn)]) }, body)
    }

    final class Clock: Sendable {
        let offset = Mutex<TimeInterval>(0)
        var now: @Sendable () -> Date { { [self] in Date().addingTimeInterval(offset.withLock { $0 }) } }
    }

    @Test("the container provider fetches with the token, caches, and refreshes before Expiration")
    func containerProviderCachesAndRefreshes() async throws {
        try await Self.withContainerServer(token: "task-token", expiresIn: 3600) { peer in
            let clock = Clock()
            let logs = LogCapture()
            let logger = logs.logger
            let provider = ContainerCredentialsProvider(
                environment: ["AWS_CONTAINER_CREDENTIALS_FULL_URI": "\(peer.endpoint)/creds", "AWS_CONTAINER_AUTHORIZATION_TOKEN": "task-token"],
                httpClient: HTTPClient.shared, logger: logger, refreshMargin: 300, now: clock.now
            )
            let first = try await provider.credentials()
            #expect(first.accessKeyID == "ASIACONTAINER0000001")
            #expect(first.sessionToken == "containerSessionToken1")
            #expect(first.expiration != nil)
            _ = try await provider.credentials()
            #expect(await provider.fetchCount == 1, "cached while far from Expiration")

            _ = try await PeerHTTP.request(.POST, "\(peer.endpoint)/rotate")
            clock.offset.withLock { $0 = 3600 - 200 }   // inside the 300 s refresh margin
            let refreshed = try await provider.credentials()
            #expect(refreshed.accessKeyID == "ASIACONTAINER0000002")
            #expect(await provider.fetchCount == 2)
            #expect(!logs.text.contains("containerSecret"), "secrets are never logged")
            #expect(!logs.text.contains("containerSessionToken"), "tokens are never logged")
        }
    }

    @Test("the container provider reads the token file on each fetch, and a wrong token is an error without secrets")
    func containerTokenFile() async throws {
        try await Self.withContainerServer(token: "file-token", expiresIn: 3600) { peer in
            let tokenFile = FileManager.default.temporaryDirectory.appendingPathComponent("token-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: tokenFile) }
            try Data("file-token\n".utf8).write(to: tokenFile)
            let environment = ["AWS_CONTAINER_CREDENTIALS_FULL_URI": "\(peer.endpoint)/creds", "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE": tokenFile.path]
            let good = ContainerCredentialsProvider(environment: environment, httpClient: HTTPClient.shared)
            #expect(try await good.credentials().accessKeyID.hasPrefix("ASIACONTAINER"))

            try Data("stale-token".utf8).write(to: tokenFile)
            let bad = ContainerCredentialsProvider(environment: environment, httpClient: HTTPClient.shared)
            let error = await #expect(throws: CredentialsError.self) { _ = try await bad.credentials() }
            #expect(error?.code == .endpointFailed)
            #expect(error?.description.contains("401") == true)
            #expect(error?.description.contains("stale-token") == false)
        }
    }

    @Test("the chain takes the environment first, then the container, then the file; none is an error")
    func chainOrder() async throws {
        try await Self.withContainerServer(token: "-", expiresIn: 3600) { peer in
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("credentials-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: file) }
            try Data("[default]\naws_access_key_id = AKIDFILE\naws_secret_access_key = fileSecret\n".utf8).write(to: file)
            let base = ["AWS_SHARED_CREDENTIALS_FILE": file.path, "HOME": "/nonexistent"]
            let container = base.merging(["AWS_CONTAINER_CREDENTIALS_FULL_URI": "\(peer.endpoint)/creds"]) { a, _ in a }
            let env = container.merging(["AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": "envSecret"]) { a, _ in a }

            #expect(try await CredentialsChain.standard(environment: env, httpClient: HTTPClient.shared).credentials().accessKeyID == "AKIDENV")
            #expect(try await CredentialsChain.standard(environment: container, httpClient: HTTPClient.shared).credentials().accessKeyID.hasPrefix("ASIACONTAINER"))
            #expect(try await CredentialsChain.standard(environment: base, httpClient: HTTPClient.shared).credentials().accessKeyID == "AKIDFILE")
            let nothing = await #expect(throws: CredentialsError.self) {
                _ = try await CredentialsChain.standard(environment: ["HOME": "/nonexistent"], httpClient: HTTPClient.shared).credentials()
            }
            #expect(nothing?.code == .noProvider)
        }
    }

    @Test("credentials never show their secret or token in descriptions, logs or errors")
    func neverShown() async throws {
        let credentials = AWSCredentials(accessKeyID: "AKIDSHOWN", secretAccessKey: Self.secret, sessionToken: "sessionTokenValue")
        for text in ["\(credentials)", String(reflecting: credentials), "\([credentials])"] {
            #expect(!text.contains(Self.secret))
            #expect(!text.contains("sessionTokenValue"))
        }
        let logs = LogCapture()
        let logger = logs.logger
        let chain = CredentialsChain([("static", StaticCredentialsProvider(credentials))], logger: logger)
        _ = try await chain.credentials()
        #expect(logs.text.contains("AKID"), "the chain logs which key it uses")
        #expect(!logs.text.contains(Self.secret))
        #expect(!logs.text.contains("sessionTokenValue"))

        let parseError = #expect(throws: CredentialsError.self) {
            try ContainerCredentialsResponse.parse(Array(#"{"AccessKeyId": "AKID", "SecretAccessKey": "\#(Self.secret)", "Expiration": "soon"}"#.utf8))
        }
        #expect(parseError.map { "\($0)" }?.contains(Self.secret) == false)
    }
}

import Synchronization
