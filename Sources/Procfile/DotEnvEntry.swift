/// One `KEY=value` assignment of a `.env` file, with quotes, escapes and expansions resolved.
public struct DotEnvEntry: Sendable, Equatable {
    /// The variable name, `[A-Za-z_][A-Za-z0-9_.]*`.
    public let key: String
    /// The final value.
    public let value: String
    /// The 1-based line where the assignment starts.
    public let line: Int
    /// The 1-based column where the value starts (its opening quote, when quoted).
    public let column: Int

    /// Creates an entry.
    public init(key: String, value: String, line: Int, column: Int) {
        self.key = key
        self.value = value
        self.line = line
        self.column = column
    }
}
