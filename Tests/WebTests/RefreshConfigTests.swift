import AppCore
import AppTestSupport
import AsyncHTTPClient
import Logging
import Shared
import Testing
@testable import web

/// `/refresh-config` on a real socket, its dynamic config read from the local AppConfig Data API
/// (`AppConfigPeer`, a real server on 127.0.0.1 that counts its calls).
@Suite("/refresh-config against a counting AppConfig endpoint")
struct RefreshConfigTests {
    /// What AWS says to a role that may not read the configuration: an account id and two ARNs.
    static let accessDenied = "User: arn:aws:sts::123456789012:assumed-role/formation-web-task/4f1c2d is not authorized to perform: "
        + "appconfig:StartConfigurationSession on resource: arn:aws:appconfig:us-east-1:123456789012:application/formation"

    /// The app's dependencies with a dynamic config from `peer`, its poll interval and backoff on `clock`.
    static func dependencies(_ fixture: WebFixture, _ peer: AppConfigPeer, clock: ManualInstant) throws -> AppDependencies {
        // A timeout longer than any hold: a slow release on a loaded machine is not a retried call.
        let config = DynamicConfig(
            source: try peer.dataClient(clock: clock, timeout: .seconds(60)), fallbackTableName: "TwelveFactorApp", now: clock.now)
        return AppDependencies(store: fixture.store, config: config)
    }

    /// Sends `count` requests to `/refresh-config` at once while the peer holds its calls: once
    /// the first call is held, the others have `delay` to arrive before the peer lets it go.
    static func parallelRefreshes(_ count: Int, base: String, client: HTTPClient, peer: AppConfigPeer) async throws -> [HTTPProbe.Answer] {
        try await peer.hold()
        return try await withThrowingTaskGroup(of: HTTPProbe.Answer.self) { group in
            for _ in 0..<count {
                group.addTask { try await HTTPProbe.get("\(base)/refresh-config", client: client) }
            }
            _ = try await peer.waitFor { $0.held >= 1 }
            try await Task.sleep(for: .milliseconds(500))
            try await peer.release()
            var answers: [HTTPProbe.Answer] = []
            for try await answer in group { answers.append(answer) }
            return answers
        }
    }

    @Test("100 parallel requests make one AppConfig session and one GetLatestConfiguration; after the poll interval, one more")
    func parallelRequestsShareOneFetch() async throws {
        let fixture = try await WebFixture()
        try await AppConfigPeer.with { peer in
            let clock = ManualInstant()
            try await withLiveApp(try Self.dependencies(fixture, peer, clock: clock)) { base, client in
                let first = try await Self.parallelRefreshes(100, base: base, client: client, peer: peer)
                #expect(first.count == 100)
                #expect(first.allSatisfy { $0.status == 200 })
                // Those that arrived during the fetch got its outcome; later ones were inside the poll interval.
                #expect(first.filter { $0.body == "Config Refreshed" }.count > 1, "the requests that waited share the fetch's outcome")
                #expect(first.allSatisfy { $0.body == "Config Refreshed" || $0.body == "Nothing to refresh" })
                var stats = try await peer.stats()
                #expect(stats.startCalls == 1, "one StartConfigurationSession for 100 requests")
                #expect(stats.getCalls == 1, "one GetLatestConfiguration for 100 requests")

                // Past the poll interval, with a new document: one GetLatestConfiguration, same session.
                try await peer.setDocument(#"{"TableName": "TwelveFactorApp", "Greeting": "v2"}"#)
                clock.advance(by: .seconds(31))
                let second = try await Self.parallelRefreshes(100, base: base, client: client, peer: peer)
                #expect(second.allSatisfy { $0.status == 200 })
                #expect(second.filter { $0.body == "Config Refreshed" }.count > 1)
                stats = try await peer.stats()
                #expect(stats.startCalls == 1, "no new session")
                #expect(stats.getCalls == 2, "one more GetLatestConfiguration")
                #expect(stats.reusedTokens == 0)
            }
        }
        await fixture.remove()
    }

    @Test("a failing AppConfig gives 502 with the fixed text, the cause in the log with the request id; no new call within the backoff")
    func failureIsFixedAndHeld() async throws {
        let fixture = try await WebFixture()
        try await AppConfigPeer.with { peer in
            let clock = ManualInstant()
            let capture = LogCapture()
            try await peer.fail(status: 403, code: "AccessDeniedException", message: Self.accessDenied)
            try await withLiveApp(try Self.dependencies(fixture, peer, clock: clock), logger: capture.logger) { base, client in
                let first = try await HTTPProbe.get("\(base)/refresh-config", client: client)
                #expect(first.status == 502)
                #expect(first.body == Routes.refreshFailedBody)
                #expect(!first.body.contains("arn:") && !first.body.contains("123456789012"))
                #expect(try await peer.stats().startCalls == 1)

                // Within the backoff: the same answer, no call.
                let second = try await HTTPProbe.get("\(base)/refresh-config", method: .POST, client: client)
                #expect(second.status == 502)
                #expect(second.body == Routes.refreshFailedBody)
                #expect(try await peer.stats().startCalls == 1, "no new StartConfigurationSession within the backoff")

                // The cause is in the log line of each 502, with that request's id.
                let lines = capture.entries.filter { $0.level == .warning && $0.message.contains("answered 502") }
                #expect(lines.map { $0.metadata["request_id"]?.description } == [first.headers["x-request-id"], second.headers["x-request-id"]])
                #expect(lines.allSatisfy { $0.metadata["error"]?.description.contains("AccessDeniedException") == true })
                #expect(lines.allSatisfy { $0.metadata["error"]?.description.contains("assumed-role/formation-web-task") == true })

                // After the backoff the endpoint is asked again; it works now.
                try await peer.succeed()
                clock.advance(by: DynamicConfig.defaultFailureBackoff)
                let third = try await HTTPProbe.get("\(base)/refresh-config", client: client)
                #expect(third.status == 200)
                #expect(third.body == "Config Refreshed")
                #expect(try await peer.stats().startCalls == 2)
            }
        }
        await fixture.remove()
    }
}
