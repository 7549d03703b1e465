import NIOConcurrencyHelpers

/// Hands the poller's latest snapshot to every open status stream. A slow page skips
/// snapshots rather than queueing them (each holds only the newest).
final class StatusHub: Sendable {
    private struct State {
        var latest: String?
        var subscribers: [Int: AsyncStream<String>.Continuation] = [:]
        var nextID = 0
        var finished = false
    }

    private let state = NIOLockedValueBox(State())

    /// A stream of snapshots, starting with the latest one; it ends with `finish()`.
    func subscribe() -> AsyncStream<String> {
        let (stream, continuation) = AsyncStream<String>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let (id, latest, finished) = state.withLockedValue { state in
            let id = state.nextID
            state.nextID += 1
            if !state.finished { state.subscribers[id] = continuation }
            return (id, state.latest, state.finished)
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.state.withLockedValue { $0.subscribers.removeValue(forKey: id) }
        }
        if let latest { continuation.yield(latest) }
        if finished { continuation.finish() }
        return stream
    }

    /// Sends `snapshot` to every stream and keeps it for new ones.
    func publish(_ snapshot: String) {
        // Yield outside the lock: a stream's end calls `onTermination`, which takes it.
        let subscribers = state.withLockedValue { state in
            state.latest = snapshot
            return Array(state.subscribers.values)
        }
        for subscriber in subscribers { subscriber.yield(snapshot) }
    }

    /// Ends every stream (the dashboard is stopping).
    func finish() {
        let subscribers = state.withLockedValue { state in
            state.finished = true
            defer { state.subscribers = [:] }
            return Array(state.subscribers.values)
        }
        for subscriber in subscribers { subscriber.finish() }
    }
}
