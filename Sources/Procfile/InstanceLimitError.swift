/// Thrown by ``InstancePlan/make(procfile:counts:basePort:)`` when counts pass the formation's
/// bounds: every problem, found before any instance was built.
public struct InstanceLimitError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Every problem, in Procfile order, the formation's total last.
    public let problems: [InstanceLimitProblem]

    /// Creates an error from problems (expected to be non-empty).
    public init(problems: [InstanceLimitProblem]) { self.problems = problems }

    /// The problems' descriptions, one per line.
    public var description: String { problems.map(\.description).joined(separator: "\n") }
}
