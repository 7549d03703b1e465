/// The environment for child processes: `.env` files layered under the process environment.
public struct ResolvedEnvironment: Sendable, Equatable {
    /// The files' values layered in order (a later file wins), then the process environment,
    /// which wins over every file.
    public let variables: [String: String]
    /// The keys defined by the files, sorted and unique.
    public let fileKeys: [String]
    /// Where each variable whose value came from a file was set (the last file that set it);
    /// none for those the process environment gave.
    public let origins: [String: VariableOrigin]

    /// Creates a resolved environment.
    public init(variables: [String: String], fileKeys: [String], origins: [String: VariableOrigin] = [:]) {
        self.variables = variables
        self.fileKeys = fileKeys
        self.origins = origins
    }
}
