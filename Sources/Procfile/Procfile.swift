/// A parsed, valid Procfile: at least one process type, names unique, in file order.
public struct Procfile: Sendable, Equatable {
    /// The process types in file order.
    public let processTypes: [ProcessType]

    init(processTypes: [ProcessType]) { self.processTypes = processTypes }

    /// The process type names in file order.
    public var names: [String] { processTypes.map(\.name) }

    /// The process type called `name`, if any.
    public func processType(named name: String) -> ProcessType? {
        processTypes.first { $0.name == name }
    }
}
