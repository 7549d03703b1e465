import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Small HTTP helpers over AsyncHTTPClient (its shared client unless told otherwise).
public enum HTTPProbe {
    /// An answer: status, headers and body text.
    public struct Answer: Sendable {
        /// The status code.
        public var status: Int
        /// The headers, names lowercased (the last value wins).
        public var headers: [String: String]
        /// The body as UTF-8.
        public var body: String
    }

    /// Whether `url` answers at all within a second.
    public static func answers(_ url: String) async -> Bool {
        (try? await get(url, timeout: .seconds(1))) != nil
    }

    /// Sends a request (with `body` when given) and collects the answer.
    public static func get(
        _ url: String, method: HTTPMethod = .GET, body: String? = nil, timeout: TimeAmount = .seconds(30), client: HTTPClient = .shared
    ) async throws -> Answer {
        var request = HTTPClientRequest(url: url)
        request.method = method
        if let body { request.body = .bytes(ByteBuffer(string: body)) }
        let response = try await client.execute(request, timeout: timeout)
        let body = try await response.body.collect(upTo: 1 << 24)
        var headers: [String: String] = [:]
        for header in response.headers { headers[header.name.lowercased()] = header.value }
        return Answer(status: Int(response.status.code), headers: headers, body: String(buffer: body))
    }

    /// Reads `url`'s JSON answer as `T` (a peer's stats).
    public static func json<T: Decodable>(_ url: String, as type: T.Type = T.self) async throws -> T {
        try JSONDecoder().decode(T.self, from: Data(try await get(url).body.utf8))
    }

    /// Polls `url`'s JSON answer until `condition` holds (at most `seconds`), and returns it;
    /// `what` names the peer in the error.
    public static func waitForJSON<T: Decodable>(_ url: String, seconds: Double = 30, what: String, _ condition: (T) -> Bool) async throws -> T {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            let seen: T = try await json(url)
            if condition(seen) { return seen }
            guard Date() < deadline else { throw TestSupportError("\(what) never matched: \(seen)") }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Polls `url` until it answers 200 or `seconds` pass. With `server` (the supervisor or the
    /// process serving `url`), fails at once when it has exited, and with its output either way:
    /// a formation stopped by an instance's failure says why instead of leaving a bare timeout.
    public static func waitUntilOK(_ url: String, seconds: Double = 60, server: ChildProcess? = nil) async throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let answer = try? await get(url, timeout: .seconds(2)), answer.status == 200 { return }
            if let server, !server.process.isRunning {
                throw TestSupportError("\(url) did not answer 200 and its server exited (status \(server.process.terminationStatus)); its output:\n\(server.output)\(server.errorOutput)")
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        let output = server.map { "; its server's output:\n\($0.output)\($0.errorOutput)" } ?? ""
        throw TestSupportError("\(url) did not answer 200 within \(seconds)s\(output)")
    }
}
