import AppTestSupport
import AsyncHTTPClient
import Foundation
import Shared
import Testing

/// The AppConfig Data API client and the Agent source against a local server implementing the
/// documented endpoints (moto has no AppConfig Data API), and the dynamic config actor.
@Suite("AppConfig and dynamic config")
struct AppConfigTests {
    @Test("one session, single-use tokens, empty body means unchanged, never faster than the poll interval")
    func dataAPIContract() async throws {
        try await AppConfigPeer.with { peer in
            let clock = ManualInstant()
            let client = try peer.dataClient(clock: clock)

            #expect(try await client.fetch() == .changed(document: Array(#"{"TableName": "formation-v1"}"#.utf8), version: "v1"))
            // Too early: answered locally, no request.
            #expect(try await client.fetch() == .unchanged)
            #expect(await client.requestCounts["GetLatestConfiguration"] == 1)

            clock.advance(by: .seconds(31))
            #expect(try await client.fetch() == .unchanged, "an empty body means unchanged")
            #expect(await client.requestCounts["GetLatestConfiguration"] == 2)

            try await peer.setDocument(#"{"TableName": "formation-v2", "Greeting": "hi"}"#)
            #expect(try await client.fetch() == .unchanged, "still inside the interval")
            clock.advance(by: .seconds(31))
            #expect(try await client.fetch() == .changed(document: Array(#"{"TableName": "formation-v2", "Greeting": "hi"}"#.utf8), version: "v2"))

            let stats = try await peer.stats()
            #expect(stats.sessions == 1, "StartConfigurationSession once")
            #expect(stats.polls == 3)
            #expect(stats.reusedTokens == 0, "each token used once")
            #expect(await client.requestCounts["StartConfigurationSession"] == 1)
        }
    }

    @Test("an unknown application is a typed ResourceNotFound error")
    func dataAPIErrors() async throws {
        try await AppConfigPeer.with { peer in
            let client = try peer.dataClient(clock: ManualInstant(), application: "nope")
            let error = await #expect(throws: AWSError.self) { _ = try await client.fetch() }
            #expect(error?.code == .resourceNotFound)
            #expect(error?.operation == "StartConfigurationSession")
        }
    }

    @Test("the dynamic config keeps the last good document across failures and bad documents")
    func dynamicConfigKeepsLastGood() async throws {
        try await AppConfigPeer.with { peer in
            let clock = ManualInstant()
            let config = DynamicConfig(source: try peer.dataClient(clock: clock), fallbackTableName: "from-env", now: clock.now)
            #expect(config.tableName == "from-env", "before any document, TABLE_NAME")
            #expect(await config.refresh() == .changed(version: "v1"))
            #expect(config.tableName == "formation-v1")
            #expect(await config.refresh() == .unchanged)

            try await peer.setDocument(#"{"TableName": 42}"#)
            clock.advance(by: .seconds(31))
            guard case .failed(let reason) = await config.refresh() else {
                Issue.record("an invalid document must fail")
                return
            }
            #expect(reason.contains("TableName"))
            #expect(config.tableName == "formation-v1", "the last good document stays")
            #expect(await config.version == "v1")

            try await peer.setDocument(#"{"Greeting": "no table here"}"#)
            clock.advance(by: .seconds(31))
            #expect(await config.refresh() == .changed(version: "v3"))
            #expect(config.tableName == "from-env", "no TableName: TABLE_NAME")
            #expect(await config.document?.strings["Greeting"] == "no table here")
        }
        // The server is gone now: a refresh fails and keeps the document.
    }

    @Test("refreshes made while a fetch is in flight wait for it: one session and one poll for 50")
    func concurrentRefreshesShareOneFetch() async throws {
        try await AppConfigPeer.with { peer in
            let config = DynamicConfig(source: try peer.dataClient(clock: ManualInstant(), timeout: .seconds(60)))
            try await peer.hold()
            let outcomes = try await withThrowingTaskGroup(of: RefreshOutcome.self) { group in
                for _ in 0..<50 { group.addTask { await config.refresh() } }
                _ = try await peer.waitFor { $0.held >= 1 }
                try await Task.sleep(for: .milliseconds(200))
                try await peer.release()
                var outcomes: [RefreshOutcome] = []
                for try await outcome in group { outcomes.append(outcome) }
                return outcomes
            }
            #expect(outcomes == Array(repeating: .changed(version: "v1"), count: 50), "every caller gets the one fetch's outcome")
            let stats = try await peer.stats()
            #expect(stats.startCalls == 1)
            #expect(stats.getCalls == 1)
        }
    }

    @Test("after a failure, refreshes within the backoff get it again without a call; after it, the source is asked again")
    func failureBackoff() async throws {
        try await AppConfigPeer.with { peer in
            let clock = ManualInstant()
            let config = DynamicConfig(source: try peer.dataClient(clock: clock), now: clock.now)
            try await peer.fail(status: 403, code: "AccessDeniedException", message: "not authorized")
            guard case .failed(let reason) = await config.refresh() else {
                Issue.record("a refused session must fail the refresh")
                return
            }
            #expect(reason.contains("AccessDeniedException"), "\(reason)")
            clock.advance(by: DynamicConfig.defaultFailureBackoff - .milliseconds(1))
            #expect(await config.refresh() == .failed(reason: reason))
            #expect(try await peer.stats().startCalls == 1, "no call within the backoff")
            try await peer.succeed()
            clock.advance(by: .milliseconds(1))
            #expect(await config.refresh() == .changed(version: "v1"))
            #expect(try await peer.stats().startCalls == 2)
        }
    }

    @Test("a source that cannot be reached fails the refresh and keeps the document")
    func unreachableSourceKeepsDocument() async throws {
        var port = 0
        let clock = ManualInstant()
        let config = try await {
            var holder: DynamicConfig?
            try await AppConfigPeer.with { peer in
                port = peer.port
                let config = DynamicConfig(source: try peer.dataClient(clock: clock), now: clock.now)
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
        try await AppConfigPeer.with { peer in
            let url = "\(peer.endpoint)/applications/formation/environments/test/configurations/main"
            let source = AppConfigAgentSource(url: url, token: AppConfigPeer.agentToken, httpClient: HTTPClient.shared)
            #expect(try await source.fetch() == .changed(document: Array(#"{"TableName": "formation-v1"}"#.utf8), version: "1"))
            #expect(try await source.fetch() == .unchanged)
            try await peer.setDocument(#"{"TableName": "t2"}"#)
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
        let clock = ManualInstant()
        let config = DynamicConfig(source: FileConfigSource(path: file.path), now: clock.now)
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
        clock.advance(by: DynamicConfig.defaultFailureBackoff)
        guard case .failed(let reason) = await config.refresh() else {
            Issue.record("a missing file fails")
            return
        }
        #expect(reason.contains("cannot read the configuration file \(file.path)"), "\(reason)")
    }
}
