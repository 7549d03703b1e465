import AppTestSupport
import AsyncHTTPClient
import Hummingbird
import HummingbirdTesting
import Logging
import Shared
@testable import web

/// The application on a real socket (127.0.0.1, a free port), and `body` with its base URL and an
/// HTTP client of its own whose pool opens up to 64 connections (the shared one opens 8). The
/// routes log to `logger`.
func withLiveApp(
    _ dependencies: AppDependencies, logger: Logger = Logger(label: "test"),
    _ body: @Sendable (_ base: String, _ client: HTTPClient) async throws -> Void
) async throws {
    let app = await buildApplication(
        settings: WebSettings(host: "127.0.0.1", port: 0), dependencies: dependencies,
        logger: logger, accessLogger: LogCapture().logger)
    let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .aws)
    do {
        try await app.test(.live) { testClient in
            guard let port = testClient.port else { throw TestSupportError("the live test server has no port") }
            try await body("http://127.0.0.1:\(port)", client)
        }
    } catch {
        try? await client.shutdown()
        throw error
    }
    try await client.shutdown()
}

/// Polls `condition` until it holds (at most 30 s): for states the test cannot await directly.
func eventually(_ what: String, _ condition: () async throws -> Bool) async throws {
    for _ in 0..<1500 {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(20))
    }
    throw TestSupportError("never happened: \(what)")
}
