/// One problem found in an input (a Procfile, a `.env` file, a formation, a port),
/// with its location and a one-line message saying what was wrong and how to fix it.
///
/// Its `description` reads like a compiler diagnostic: `Procfile:3:1: message`.
public struct Diagnostic: Sendable, Equatable, CustomStringConvertible {
    /// The kind of problem, for programmatic checks.
    public let code: Code
    /// The name of the input, e.g. `"Procfile"`, `".env"`, `"--formation"`, `"PORT"`.
    public let file: String
    /// The 1-based line (1 for single-line sources such as a formation).
    public let line: Int
    /// The 1-based column, counted in Unicode scalars.
    public let column: Int
    /// What was wrong and how to fix it.
    public let message: String

    /// Creates a diagnostic.
    public init(code: Code, file: String, line: Int, column: Int, message: String) {
        self.code = code
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    /// `file:line:column: message`.
    public var description: String { "\(file):\(line):\(column): \(message)" }
}
