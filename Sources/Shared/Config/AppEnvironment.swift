/// The process environment as a plain dictionary, so that configuration parsing is pure and
/// tests pass their own.
public struct AppEnvironment: Sendable, Equatable {
    /// The variables.
    public var values: [String: String]

    /// Wraps a dictionary of variables.
    public init(_ values: [String: String]) {
        self.values = values
    }

    /// The variable's value, or `nil` when unset. An empty value counts as set.
    public subscript(_ name: String) -> String? {
        values[name]
    }

    /// The first of `names` that is set and non-empty.
    public func first(of names: String...) -> String? {
        for name in names {
            if let value = values[name], !value.isEmpty { return value }
        }
        return nil
    }
}
