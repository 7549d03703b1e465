/// The error thrown by every parser in this module: all the problems found in the input,
/// not just the first one.
public struct ProcfileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Every problem found, in input order.
    public let diagnostics: [Diagnostic]

    /// Creates an error from diagnostics (expected to be non-empty).
    public init(diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }

    /// Creates an error with a single diagnostic.
    public init(_ diagnostic: Diagnostic) { self.diagnostics = [diagnostic] }

    /// The diagnostics' descriptions, one per line.
    public var description: String {
        diagnostics.map(\.description).joined(separator: "\n")
    }
}
