/// The dynamic configuration could not be had at start, or names no table: one line that is
/// safe to show (no tokens, no credentials).
public struct DynamicConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Why.
    public let reason: String

    /// Creates an error.
    public init(_ reason: String) {
        self.reason = reason
    }

    /// `dynamic config: ...`.
    public var description: String { "dynamic config: \(reason)" }
}
