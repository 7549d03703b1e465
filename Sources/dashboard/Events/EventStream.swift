import Hummingbird
import ServiceLifecycle

/// A `text/event-stream` response fed by a source task, with a keep-alive comment every
/// `keepAlive`. The stream ends when the source does (after a `problem` event when it
/// failed), when the page goes away (a write fails and the source is cancelled), or when the
/// dashboard shuts down gracefully.
enum EventStream {
    static let keepAlive: Duration = .seconds(15)

    static func response(
        _ source: @escaping @Sendable (AsyncStream<String>.Continuation) async throws -> Void
    ) -> Response {
        let body = ResponseBody { writer in
            let (events, continuation) = AsyncStream<String>.makeStream(bufferingPolicy: .bufferingNewest(4096))
            try await withGracefulShutdownHandler {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        defer { continuation.finish() }
                        do {
                            try await source(continuation)
                        } catch is CancellationError {
                            return
                        } catch {
                            continuation.yield(ServerSentEvent.frame("\(error)", event: "problem"))
                        }
                    }
                    group.addTask {
                        while true {
                            try await Task.sleep(for: keepAlive)
                            continuation.yield(ServerSentEvent.keepAlive)
                        }
                    }
                    try await writer.write(ByteBuffer(string: ServerSentEvent.retry))
                    for await text in events {
                        try await writer.write(ByteBuffer(string: text))
                    }
                    group.cancelAll()
                }
            } onGracefulShutdown: {
                continuation.finish()
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-store"], body: body)
    }
}
