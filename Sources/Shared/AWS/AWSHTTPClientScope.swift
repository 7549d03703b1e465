import AsyncHTTPClient
import NIOPosix

/// Runs `body` with the process's one `HTTPClient` and shuts it down afterwards, also when
/// `body` throws: the structured way to own the client that every AWS client here borrows.
public func withAWSHTTPClient<Result: Sendable>(
    _ body: (HTTPClient) async throws -> Result
) async throws -> Result {
    let client = HTTPClient(eventLoopGroupProvider: .shared(MultiThreadedEventLoopGroup.singleton), configuration: .aws)
    let result: Result
    do {
        result = try await body(client)
    } catch {
        try? await client.shutdown()
        throw error
    }
    try await client.shutdown()
    return result
}
