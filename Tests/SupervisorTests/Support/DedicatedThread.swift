import Foundation

/// Runs blocking work (waiting for a process to exit, reading a pipe to its end) on a thread of
/// its own and resumes the caller when it is done. Swift Testing runs every test on the
/// cooperative pool, one thread per core: a test that blocked one of them would starve the async
/// suites of the same `swift test` process. Polling waits use `Task.sleep` instead.
enum DedicatedThread {
    static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try work() }) }.start()
        }
    }

    static func run<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: work()) }.start()
        }
    }
}
