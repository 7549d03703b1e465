import AppCore
import Foundation
import Shared

/// `--import FILE --to TABLE`: every line's item into an existing table, in batches (on
/// DynamoDB, BatchWriteItem in chunks of 25 with UnprocessedItems resent).
struct Importer {
    let store: any ItemStore
    /// Items per store call.
    var batchSize = 500

    /// Imports the file; returns how many items were written.
    func `import`(from path: String, into table: String) async throws -> Int {
        guard try await store.describeTable(table) != nil else {
            throw JobError("table \(table) does not exist; create it first (supervisor run provision --table \(table) --no-seed)")
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw JobError("cannot read \(path): \((error as NSError).localizedDescription)")
        }
        var batch: [Item] = []
        var written = 0
        var lineNumber = 0
        for line in data.split(separator: 0x0A, omittingEmptySubsequences: false) {
            lineNumber += 1
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) { continue }
            do {
                batch.append(try ItemJSONLines.decode(line))
            } catch {
                throw JobError("\(path):\(lineNumber): not a DynamoDB JSON line ({\"Item\":{...}}): \(error)")
            }
            if batch.count == batchSize {
                try await store.putItems(table: table, items: batch)
                written += batch.count
                batch.removeAll(keepingCapacity: true)
                Console.progress("imported \(written) items into \(table)")
            }
        }
        if !batch.isEmpty {
            try await store.putItems(table: table, items: batch)
            written += batch.count
        }
        return written
    }
}
