/// A missing or malformed environment variable. Its `description` is one line naming the
/// variable, the expected form and an example; executables print it and exit with
/// `SysExit.configuration` (EX_CONFIG, from the `ExitCodes` target).
public struct ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The environment variable at fault.
    public let variable: String
    /// What the value should look like.
    public let expected: String
    /// A valid example value.
    public let example: String
    /// The offending value, when there was one and it is not secret.
    public let found: String?

    /// Creates an error for `variable`.
    public init(variable: String, expected: String, example: String, found: String? = nil) {
        self.variable = variable
        self.expected = expected
        self.example = example
        self.found = found
    }

    /// One line: `STORE_URL: expected ..., for example STORE_URL=dynamodb: (got "x")`.
    public var description: String {
        let got = found.map { $0.isEmpty ? " (it is set but empty)" : " (got \"\($0)\")" } ?? " (it is not set)"
        return "\(variable): expected \(expected), for example \(variable)=\(example)\(got)"
    }
}
