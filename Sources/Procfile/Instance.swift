/// One process to run: the `number`-th instance of a process type, with its `PORT`.
public struct Instance: Sendable, Equatable {
    /// `type.number`, e.g. `web.1`.
    public let name: String
    /// The process type name.
    public let type: String
    /// The 1-based instance number within its type.
    public let number: Int
    /// The value of `PORT` for this instance.
    public let port: Int
    /// The command, for `/bin/sh -c`.
    public let command: String

    /// Creates an instance.
    public init(name: String, type: String, number: Int, port: Int, command: String) {
        self.name = name
        self.type = type
        self.number = number
        self.port = port
        self.command = command
    }
}
