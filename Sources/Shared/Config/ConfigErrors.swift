/// Every missing or malformed variable of one configuration, found in one pass: a process with
/// three bad variables says so in three lines at once, not one per attempt.
public struct ConfigErrors: Error, Sendable, Equatable, CustomStringConvertible {
    /// One error per variable, in the order the variables were read.
    public let errors: [ConfigError]

    /// Creates the list; at least one error.
    public init(_ errors: [ConfigError]) {
        self.errors = errors
    }

    /// One line per variable.
    public var description: String { errors.map(\.description).joined(separator: "\n") }
}
