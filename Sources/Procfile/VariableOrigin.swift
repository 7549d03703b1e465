/// Where a `.env` file set a variable: the file, and the line and column where its value starts
/// (a message about the value points there, as the `.env` parser's own diagnostics do).
public struct VariableOrigin: Sendable, Equatable, CustomStringConvertible {
    public let file: String
    public let line: Int
    public let column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `FILE:LINE:COLUMN`.
    public var description: String { "\(file):\(line):\(column)" }
}
