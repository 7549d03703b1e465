/// How many instances of each process type to run, e.g. `web=2,worker=1`.
public struct Formation: Sendable, Equatable {
    /// The count of every type without its own entry (`all=N`, else 1).
    public let defaultCount: Int
    /// The counts given for specific types.
    public let counts: [String: Int]

    /// Creates a formation; negative counts are treated as 0.
    public init(defaultCount: Int = 1, counts: [String: Int] = [:]) {
        self.defaultCount = max(0, defaultCount)
        self.counts = counts.mapValues { max(0, $0) }
    }

    /// `n` instances of every type (negative `n` is treated as 0).
    public static func all(_ n: Int) -> Formation { Formation(defaultCount: n) }

    /// The number of instances to run for `type`.
    public func count(for type: String) -> Int { counts[type] ?? defaultCount }
}
