import AppCore
import Foundation
import Synchronization
import Shared
import Testing

/// GetItem reads on the calling thread (see `ItemReader`); these check that many
/// concurrent requests, mixed with the store's asynchronous reads, all finish.
@Suite("SQLiteStore under concurrent requests")
struct SQLiteStoreConcurrencyTests {
    @Test("2,000 concurrent GetItems mixed with async reads on a fresh handle all complete", .timeLimit(.minutes(1)))
    func concurrentReads() async throws {
        let file = StoreFile("concurrency")
        defer { file.remove() }
        let path = file.path
        let writer = try SQLiteStore(path: path)
        try await writer.createTable(TableSchema(name: "t", partitionKey: KeyAttribute("id", .s)))
        try await writer.putItem(table: "t", item: ["id": "a", "v": "x"])
        await writer.close()

        // A deadlock holds every cooperative thread, so no time limit trait could fire: a plain
        // thread ends the test process with a message instead of letting CI wait for hours.
        let finished = Atomic<Bool>(false)
        let watchdog = Thread {
            for _ in 0..<600 where !finished.load(ordering: .relaxed) { usleep(100_000) }
            guard !finished.load(ordering: .relaxed) else { return }
            FileHandle.standardError.write(Data("SQLiteStoreConcurrencyTests: concurrent reads still running after 60 s (deadlock); aborting\n".utf8))
            abort()
        }
        watchdog.start()
        defer { finished.store(true, ordering: .relaxed) }

        // A new handle, as a web process starts: empty schema cache, no reader connection yet.
        let store = try SQLiteStore(path: path)
        let found = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<2000 {
                group.addTask {
                    if index % 10 == 0 { return try await store.describeTable("t")?.itemCount ?? -1 }
                    return try await store.getItem(table: "t", key: ["id": "a"])?["v"] == "x" ? 1 : 0
                }
            }
            return try await group.reduce(0, +)
        }
        #expect(found == 1800 + 200)
        await store.close()
    }
}
