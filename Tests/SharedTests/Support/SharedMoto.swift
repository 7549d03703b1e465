import AppTestSupport

/// A moto server started once, on first use, and shared by the tests of this process (started
/// again if it died).
actor SharedMoto {
    private var server: MotoServer?

    func get() async throws -> MotoServer {
        if let server, server.isRunning { return server }
        let started = try await MotoServer.start()
        server = started
        return started
    }
}
