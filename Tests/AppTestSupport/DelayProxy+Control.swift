import Foundation
import NIOHTTP1

extension DelayProxy {
    /// What the proxy has seen.
    public struct Stats: Sendable, Decodable, Equatable {
        /// GetItem requests received (answered here or forwarded).
        public var getitems: Int
        /// Requests forwarded to moto.
        public var forwarded: Int
        /// GetItem requests held now.
        public var held: Int
        /// GetItem requests answered with a throttling error.
        public var throttled: Int
        /// TCP connections accepted.
        public var connections: Int
        /// Connections that carried at least one GetItem.
        public var getitemConnections: Int

        enum CodingKeys: String, CodingKey {
            case getitems, forwarded, held, throttled, connections, getitemConnections = "getitem_connections"
        }
    }

    /// Holds every GetItem from now on until ``release()``.
    public func hold() async throws {
        try await control("hold")
    }

    /// Lets the held GetItems, and later ones, through.
    public func release() async throws {
        try await control("release")
    }

    /// Answers the next `count` GetItems (every one when -1) with DynamoDB's error `code`
    /// (HTTP 400, `{"__type":"com.amazonaws.dynamodb.v20120810#<code>","message":...}`).
    public func throttle(next count: Int, code: String = "ThrottlingException") async throws {
        try await control("throttle?count=\(count)&code=\(code)")
    }

    /// What the proxy has seen so far.
    public func stats() async throws -> Stats {
        try await HTTPProbe.json("\(endpoint)/__proxy/stats")
    }

    /// Polls ``stats()`` until `condition` holds (at most `seconds`).
    public func waitFor(seconds: Double = 30, _ condition: (Stats) -> Bool) async throws -> Stats {
        try await HTTPProbe.waitForJSON("\(endpoint)/__proxy/stats", seconds: seconds, what: "the fault proxy's stats", condition)
    }

    private func control(_ command: String) async throws {
        let answer = try await HTTPProbe.get("\(endpoint)/__proxy/\(command)", method: .POST)
        guard answer.status == 200 else { throw TestSupportError("the fault proxy refused \(command): \(answer.status) \(answer.body)") }
    }
}
