/// A peer started once, on first use, and shared by the tests of this process.
actor SharedPeer {
    private let start: @Sendable () async throws -> PeerProcess
    private var peer: PeerProcess?

    init(start: @escaping @Sendable () async throws -> PeerProcess) {
        self.start = start
    }

    func get() async throws -> PeerProcess {
        if let peer, peer.process.isRunning { return peer }
        let started = try await start()
        peer = started
        return started
    }
}
