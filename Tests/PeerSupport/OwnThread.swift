import Foundation
import Testing

/// A suite trait for tests that run real supervisors against time limits ("exits within grace
/// + 1 s", "flushed after about 1 s"). Each test runs on a thread of its own (a `ThreadExecutor`
/// as its task executor), and at most one such test per core runs at a time: as each ran when
/// they were synchronous tests holding a thread of the cooperative pool, yet without taking one.
///
/// In the one `swift test` process the async suites share the cooperative pool (one thread per
/// core), and some of them keep it busy for seconds (2,000 SQLite reads on the calling threads);
/// a test resumed there after `Task.sleep` or an exit could be late by as much. Unlimited, every
/// process suite runs at once: on 2 cores, supervisors then took 2.8 s to exit instead of under
/// 2.5 s. A test waiting for its turn holds no thread; the async suites are not limited.
public struct OwnThread: SuiteTrait, TestTrait, TestScoping {
    /// Every test of the suite and of its nested suites.
    public var isRecursive: Bool { true }

    public func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void) async throws {
        await Self.turns.acquire()
        let executor = ThreadExecutor(name: test.name)
        do {
            try await withTaskExecutorPreference(executor) { try await function() }
        } catch {
            executor.stop()
            await Self.turns.release()
            throw error
        }
        executor.stop()
        await Self.turns.release()
    }

    static let turns = Turns(count: max(2, ProcessInfo.processInfo.activeProcessorCount))
}

extension Trait where Self == OwnThread {
    /// Each test runs on a thread of its own, at most one per core at a time.
    public static var ownThread: OwnThread { OwnThread() }
}

/// A counting semaphore for tasks: `acquire` suspends, never blocks a thread.
actor Turns {
    private var free: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(count: Int) { free = count }

    func acquire() async {
        if free > 0 {
            free -= 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    func release() {
        if waiting.isEmpty { free += 1 } else { waiting.removeFirst().resume() }
    }
}
