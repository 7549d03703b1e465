import AppTestSupport

/// A moto server started once, on first use, and shared by the tests of this process (started
/// again if it died). Callers that arrive while it starts wait for that start: without it, the
/// tests that ask at once each started a server of their own, all but the last never stopped.
actor SharedMoto {
    private var server: MotoServer?
    private var starting: Task<MotoServer, any Error>?

    func get() async throws -> MotoServer {
        if let server, server.isRunning { return server }
        if let starting { return try await starting.value }
        let start = Task { try await MotoServer.start() }
        starting = start
        defer { starting = nil }
        let started = try await start.value
        server = started
        return started
    }
}
