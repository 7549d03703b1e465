/// The pages of a Query or Scan, fetched one by one as iterated: each page's
/// `LastEvaluatedKey` becomes the next request's `ExclusiveStartKey`.
public struct ReadPages: AsyncSequence, Sendable {
    /// One page.
    public typealias Element = ReadPage
    let fetch: @Sendable (Item?) async throws(AWSError) -> ReadPage
    let startKey: Item?

    /// The iterator.
    public struct AsyncIterator: AsyncIteratorProtocol {
        let fetch: @Sendable (Item?) async throws(AWSError) -> ReadPage
        var nextKey: Item?
        var finished = false

        /// The next page, or `nil` after the last.
        public mutating func next() async throws -> ReadPage? {
            guard !finished else { return nil }
            let page = try await fetch(nextKey)
            nextKey = page.lastEvaluatedKey
            finished = page.lastEvaluatedKey == nil
            return page
        }
    }

    /// Starts fetching from the first page.
    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(fetch: fetch, nextKey: startKey)
    }

    /// All items of all pages.
    public func allItems() async throws -> [Item] {
        var items: [Item] = []
        for try await page in self { items.append(contentsOf: page.items) }
        return items
    }
}

extension ReadPages {
    /// The pages of `input`: `read` gets it again for each page, with the previous page's
    /// `LastEvaluatedKey` as its `ExclusiveStartKey`.
    init<Input: PagedReadInput>(_ input: Input, read: @escaping @Sendable (Input) async throws(AWSError) -> ReadPage) {
        self.init(fetch: { (key: Item?) async throws(AWSError) -> ReadPage in
            var request = input
            request.exclusiveStartKey = key
            return try await read(request)
        }, startKey: input.exclusiveStartKey)
    }
}
