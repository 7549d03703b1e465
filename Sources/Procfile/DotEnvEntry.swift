/// One `KEY=value` assignment of a `.env` file, with quotes, escapes and expansions resolved.
public struct DotEnvEntry: Sendable, Equatable {
    /// The variable name, `[A-Za-z_][A-Za-z0-9_.]*`.
    public let key: String
    /// The final value.
    public let value: String
    /// The 1-based line where the assignment starts.
    public let line: Int

    /// Creates an entry.
    public init(key: String, value: String, line: Int) {
        self.key = key
        self.value = value
        self.line = line
    }
}
