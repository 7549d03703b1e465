import AppTestSupport
import AsyncHTTPClient
import Foundation
import Shared
import Testing

/// The AppConfig Data API client and the Agent source against a local server implementing the
/// documented endpoints (moto has no AppConfig Data API), and the dynamic config actor.
@Suite("AppConfig and dynamic config")
struct AppConfigTests {
    static let agentToken = "agent-bearer-token"

    static func withServer(_ body: (PeerProcess) async throws -> Void) async throws {
        try await PeerProcess.with({
            try await PeerProcess.python("appconfig_server.py", ["formation", "test", "main", agentToken, "30"])
        }, body)
    }

    static func dataClient(_ peer: PeerProcess, clock: ManualInstant, application: String = "formation") throws -> AppConfigDataClient {
        try AppConfigDataClient(
            application: application, environment: "test", profile: "main", region: "us-east-1", endpoint: peer.endpoint,
            credentials: StaticCredentialsProvider(MotoServer.credentials), httpClient: HTTPClient.shared,
            requiredMinimumPollInterval: 15, retry: MotoServer.fastRetry, timeout: .seconds(2), now: clock.now
        )
    }

    static func setDocument(_ peer: PeerProcess, _ json: String) async throws {
        let (status, _) = try await PeerHTTP.request(.PUT, "\(peer.endpoint)/admin/document", body: json)
        #expect(status == 200)
    }

    @Test("one session, single-use tokens, empty body means unchanged, never faster than the poll interval")
    func dataAPIContract() async throws {
        try await Self.withServer { peer in
            let clock = ManualInstant()
            let client = try Self.dataClient(peer, clock: clock)

            #expect(try await client.fetch() == .changed(document: Array(#"{"TableName": "formation-v1"}"#.utf8), version: "v1"))
            // Too early: answered locally, no request.
            #expect(try await client.fetch() == .unchanged)
            #expect(await client.requestCounts["GetLatestConfiguration"] == 1)

            clock.advance(by: .seconds(31))
            #expect(try await client.fetch() == .unchanged, "an empty body means unchanged")
            #expect(await client.requestCounts["GetLatestConfiguration"] == 2)

            try await Self.setDocument(peer, #"{"TableName": "formation-v2", "Greeting": "hi"}"#)
            #expect(try await client.fetch() == .unchanged, "still inside the interval")
            clock.advance(by: .seconds(31))
            #expect(try await client.fetch() == .changed(document: Array(#"{"TableName": "formation-v2", "Greeting": "hi"}"#.utf8), version: "v2"))

            let stats = try await PeerHTTP.json("\(peer.endpoint)/admin/stats")
            #expect(stats["sessions"] as? Int == 1, "StartConfigurationSession once")
            #expect(stats["polls"] as? Int == 3)
            #expect(stats["reused_tokens"] as? Int == 0, "each token used once")
            #expect(await client.requestCounts["StartConfigurationSession"] == 1)
        }
    }

    @Test("an unknown application is a typed ResourceNotFound error")
    func dataAPIErrors() async throws {
        try await Self.withServer { peer in
            let client = try Self.dataClient(peer, clock: ManualInstant(), application: "nope")
            let error = await #expect(throws: AWSError.self) { _ = try await client.fetch() }
            #expect(error?.code == .resourceNotFound)
            #expect(error?.operation == "StartConfigurationSession")
        }
    }

    @Test("the dynamic config keeps the last good document across failures and bad documents")
    func dynamicConfigKeepsLastGood() async throws {
        try await Self.withServer { peer in
            let clock = ManualInstant()
            let config = DynamicConfig(source: try Self.dataClient(peer, clock: clock), fallbackTableName: "from-env")
            #expect(config.tableName == "from-env", "before any document, TABLE_NAME")
            #expect(await config.refresh() == .changed(version: "v1"))
            #expect(config.tableName == "formation-v1")
            #expect(await config.refresh() == .unchanged)

            try await Self.setDocument(peer, #"{"TableName": 42}"#)
            clock.advance(by: .seconds(31))
            guard case .failed(let reason) = await config.refresh() else {
                Issue.record("an invalid document must fail")
                return
            }
            #expect(reason.contains("TableName"))
            #expect(config.tableName == "formation-v1", "the last good document stays")
            #expect(await config.version == "v1")

            try await Self.setDocument(peer, #"{"Greeting": "no table here"}"#)
            clock.advance(by: .seconds(31))
            #expect(await config.refresh() == .changed(version: "v3"))
            #expect(config.tableName == "from-env", "no TableName: TABLE_NAME")
            #expect(await config.document?.strings["Greeting"] == "no table here")
        }
        // The server is gone now: a refresh fails and keeps the document.
    }

    @Test("a source that cannot be reached fails the refresh and keeps the document")
    func unreachableSourceKeepsDocument() async throws {
        var port = 0
        let clock = ManualInstant()
        let config = try await {
            var holder: DynamicConfig?
            try await Self.withServer { peer in
                port = peer.port
                let config = DynamicConfig(source: try Self.dataClient(peer, clock: clock))
                #expect(await config.refresh() == .changed(version: "v1"))
                holder = config
            }
            return try #require(holder)
        }()
        clock.advance(by: .seconds(31))
        guard case .failed(let reason) = await config.refresh() else {
            Issue.record("refresh against a stopped server must fail (port \(port))")
            return
        }
        #expect(reason.contains("ConnectionFailed"))
        #expect(config.tableName == "formation-v1")
    }

    @Test("the AppConfig Agent source sends the bearer token and reports changes by content")
    func agentSource() async throws {
        try await Self.withServer { peer in
            let url = "\(peer.endpoint)/applications/formation/environments/test/configurations/main"
            let source = AppConfigAgentSource(url: url, token: Self.agentToken, httpClient: HTTPClient.shared)
            #expect(try await source.fetch() == .changed(document: Array(#"{"TableName": "formation-v1"}"#.utf8), version: "1"))
            #expect(try await source.fetch() == .unchanged)
            try await Self.setDocument(peer, #"{"TableName": "t2"}"#)
            #expect(try await source.fetch() == .changed(document: Array(#"{"TableName": "t2"}"#.utf8), version: "2"))

            let wrongToken = AppConfigAgentSource(url: url, token: "wrong", httpClient: HTTPClient.shared)
            let error = await #expect(throws: AWSError.self) { _ = try await wrongToken.fetch() }
            #expect(error?.statusCode == 401)
            #expect(error?.description.contains("wrong") == false, "the token is not echoed")
        }
    }

    @Test("the file source reads the document and reports unchanged content as unchanged")
    func fileSource() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("app-config-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data(#"{"TableName": "local"}"#.utf8).write(to: file)
        let config = DynamicConfig(source: FileConfigSource(path: file.path))
        guard case .changed = await config.refresh() else {
            Issue.record("the first read is a change")
            return
        }
        #expect(config.tableName == "local")
        #expect(await config.refresh() == .unchanged)
        try Data("{\n  \"TableName\": \"x\",\n  \"Color\" \"red\"\n}".utf8).write(to: file)
        guard case .failed(let broken) = await config.refresh() else {
            Issue.record("a broken file fails")
            return
        }
        // The source and the place: one line a person can act on.
        #expect(broken.hasPrefix("file \(file.path): the configuration is not valid JSON at line 3, column 11: expected ':' after the key"), "\(broken)")
        #expect(config.tableName == "local")
        try FileManager.default.removeItem(at: file)
        guard case .failed(let reason) = await config.refresh() else {
            Issue.record("a missing file fails")
            return
        }
        #expect(reason.contains(file.path))
    }
}
