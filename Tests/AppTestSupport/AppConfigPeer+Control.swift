import Foundation

extension AppConfigPeer {
    /// What the peer has seen.
    public struct Stats: Sendable, Decodable, Equatable {
        /// `StartConfigurationSession` calls, answered or not.
        public var startCalls: Int
        /// `GetLatestConfiguration` calls, answered or not.
        public var getCalls: Int
        /// Sessions started (successful `StartConfigurationSession`).
        public var sessions: Int
        /// Successful `GetLatestConfiguration` calls.
        public var polls: Int
        /// Tokens presented a second time.
        public var reusedTokens: Int
        /// Agent requests.
        public var agentGets: Int
        /// Data API calls held now (``hold()``).
        public var held: Int

        enum CodingKeys: String, CodingKey {
            case startCalls = "start_calls", getCalls = "get_calls", sessions, polls, reusedTokens = "reused_tokens",
                 agentGets = "agent_gets", held
        }
    }

    /// What the peer has seen so far.
    public func stats() async throws -> Stats {
        try await HTTPProbe.json("\(endpoint)/admin/stats")
    }

    /// Polls ``stats()`` until `condition` holds (at most `seconds`).
    public func waitFor(seconds: Double = 30, _ condition: (Stats) -> Bool) async throws -> Stats {
        try await HTTPProbe.waitForJSON("\(endpoint)/admin/stats", seconds: seconds, what: "the AppConfig peer's stats", condition)
    }

    /// Replaces the document (its version goes up by one).
    public func setDocument(_ json: String) async throws {
        try await admin("document", body: json)
    }

    /// Answers every Data API call from now on with AWS error `code`, HTTP `status` and `message`.
    public func fail(status: Int, code: String, message: String) async throws {
        let body = try JSONSerialization.data(withJSONObject: ["status": status, "code": code, "message": message])
        try await admin("fail", body: String(decoding: body, as: UTF8.self))
    }

    /// Answers the Data API's calls normally again.
    public func succeed() async throws {
        try await admin("fail", body: "")
    }

    /// Holds every Data API call from now on until ``release()``.
    public func hold() async throws {
        try await admin("hold", body: "")
    }

    /// Lets the held calls, and later ones, through.
    public func release() async throws {
        try await admin("release", body: "")
    }

    private func admin(_ command: String, body: String) async throws {
        let answer = try await HTTPProbe.get("\(endpoint)/admin/\(command)", method: .PUT, body: body)
        guard answer.status == 200 else { throw TestSupportError("the AppConfig peer refused \(command): \(answer.status) \(answer.body)") }
    }
}
