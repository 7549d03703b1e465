/// Gathers items from concurrent scan segments.
actor ItemCollector {
    private(set) var items: [Item] = []
    func add(_ more: [Item]) { items.append(contentsOf: more) }
}
