import Shared

extension ItemStore {
    /// Scans `totalSegments` segments at once in a task group, handing each page's items to
    /// `body` as they arrive (possibly from several segments at a time). The first error
    /// cancels the other segments and is rethrown.
    public func parallelScan(
        table: String,
        totalSegments: Int,
        pageSize: Int = 500,
        body: @escaping @Sendable (_ items: [Item], _ segment: Int) async throws -> Void
    ) async throws {
        precondition(totalSegments >= 1, "a scan has at least one segment")
        try await withThrowingTaskGroup(of: Void.self) { group in
            for segment in 0..<totalSegments {
                group.addTask {
                    var start: Item? = nil
                    repeat {
                        try Task.checkCancellation()
                        let page = try await self.scan(table: table, segment: segment, totalSegments: totalSegments, startKey: start, limit: pageSize)
                        try await body(page.items, segment)
                        start = page.lastEvaluatedKey
                    } while start != nil
                }
            }
            try await group.waitForAll()
        }
    }

    /// Every item of a table (for small tables and tests).
    public func allItems(table: String) async throws(StoreError) -> [Item] {
        var items: [Item] = []
        var start: Item? = nil
        repeat {
            let page = try await scan(table: table, segment: 0, totalSegments: 1, startKey: start, limit: 500)
            items.append(contentsOf: page.items)
            start = page.lastEvaluatedKey
        } while start != nil
        return items
    }

    /// The newest backup of `table`, or `nil`.
    public func newestBackup(of table: String) async throws(StoreError) -> BackupRecord? {
        try await listBackups(table: table).max { $0.createdAt < $1.createdAt }
    }
}
