import AppCore
import Foundation
import Shared

/// `--export FILE`: every item as DynamoDB JSON lines, from a parallel scan.
struct Exporter {
    let store: any ItemStore
    let segments: Int

    /// Writes the table's items to `path` atomically; returns how many.
    func export(table: String, to path: String) async throws -> Int {
        guard try await store.describeTable(table) != nil else {
            throw StoreError.tableNotFound(table, store: store.kind, operation: "Scan")
        }
        let sink = try LineSink(path: path)
        do {
            try await store.parallelScan(table: table, totalSegments: segments) { items, _ in
                var chunk = Data()
                for item in items { chunk.append(try ItemJSONLines.encode(item)) }
                let total = try await sink.write(chunk, count: items.count)
                Console.progress("exported \(total) items of \(table)")
            }
            return try await sink.commit()
        } catch {
            await sink.discard()
            throw error
        }
    }
}
