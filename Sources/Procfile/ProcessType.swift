/// One `name: command` line of a Procfile.
public struct ProcessType: Sendable, Equatable {
    /// The process type name, `[A-Za-z0-9_-]+`.
    public let name: String
    /// The command, verbatim apart from surrounding whitespace; meant for `/bin/sh -c`.
    public let command: String
    /// The 1-based line where the process type is defined.
    public let line: Int

    /// Creates a process type.
    public init(name: String, command: String, line: Int) {
        self.name = name
        self.command = command
        self.line = line
    }
}
