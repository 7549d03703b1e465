/// A request whose answer comes in pages: Query and Scan.
protocol PagedReadInput: Sendable {
    /// Where to start (the previous page's `LastEvaluatedKey`).
    var exclusiveStartKey: Item? { get set }
}

extension QueryInput: PagedReadInput {}
extension ScanInput: PagedReadInput {}
