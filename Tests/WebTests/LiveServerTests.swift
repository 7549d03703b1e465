import AppCore
import AppTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Shared
import Testing
@testable import web

/// The application on a real socket, with concurrent requests over several connections
/// (Hummingbird's `.ahc` client: AsyncHTTPClient's pool, a 15 s deadline per request). The
/// `.live` client is one pipelined connection, which the server answers one request at a time,
/// and its timed-out requests can leave the test waiting on a promise that never completes.
@Suite("web on a live socket")
struct LiveServerTests {
    @Test("buildApplication serves /hello and / concurrently over several TCP connections")
    func live() async throws {
        let fixture = try await WebFixture()
        let app = await buildApplication(
            settings: WebSettings(host: "127.0.0.1", port: 0), dependencies: try await fixture.dependencies(),
            logger: Logger(label: "test"), accessLogger: LogCapture().logger)
        try await app.test(.ahc(.http)) { client in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<40 {
                    group.addTask {
                        let uri = index.isMultiple(of: 2) ? "/hello" : "/"
                        try await client.execute(uri: uri, method: .get) { response in
                            #expect(response.status == .ok)
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
        await fixture.remove()
    }

    @Test("WebSettings: PORT and HOST, with 0.0.0.0:5000 by default and a clear error otherwise")
    func settings() throws {
        #expect(try WebSettings.parse(.init([:])) == WebSettings(host: "0.0.0.0", port: 5000))
        #expect(try WebSettings.parse(.init(["PORT": "5001", "HOST": "127.0.0.1"])) == WebSettings(host: "127.0.0.1", port: 5001))
        let error = #expect(throws: ConfigError.self) { try WebSettings.parse(.init(["PORT": "http"])) }
        #expect(error?.variable == "PORT")
    }

    @Test("WebSettings: ITEM_CACHE_TTL (ms, default 0) and STORE_MAX_INFLIGHT (default 256); every bad one recorded, one line each")
    func readSettings() throws {
        let defaults = try WebSettings.parse(.init([:]))
        #expect(defaults.itemCacheTTL == .zero && defaults.storeMaxInflight == 256)
        let set = try WebSettings.parse(.init(["ITEM_CACHE_TTL": "250", "STORE_MAX_INFLIGHT": "32"]))
        #expect(set.itemCacheTTL == .milliseconds(250) && set.storeMaxInflight == 32)
        var collector = ConfigCollector()
        #expect(WebSettings.parse(.init(["ITEM_CACHE_TTL": "-1", "STORE_MAX_INFLIGHT": "lots"]), into: &collector) == nil)
        #expect(collector.errors.map(\.variable) == ["ITEM_CACHE_TTL", "STORE_MAX_INFLIGHT"])
        #expect(collector.errors.first?.description
            == #"ITEM_CACHE_TTL: expected a whole number of milliseconds from 0 (no cache) to 3600000, for example ITEM_CACHE_TTL=1000 (got "-1")"#)
        #expect(collector.errors.allSatisfy { !$0.description.contains("\n") })
    }
}
