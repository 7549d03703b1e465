/// Why credentials could not be had. Its text never contains a secret, a token or a response body.
public struct CredentialsError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        /// The code's name.
        public let name: String
        /// The provider's variables or file are not there: the chain moves on.
        public static let notConfigured = Code(name: "notConfigured")
        /// The configuration is there but wrong (a malformed URI, a missing key in the profile).
        public static let invalidConfiguration = Code(name: "invalidConfiguration")
        /// The container endpoint could not be reached or answered with an error.
        public static let endpointFailed = Code(name: "endpointFailed")
        /// The answer could not be parsed.
        public static let invalidResponse = Code(name: "invalidResponse")
        /// Reading a file failed.
        public static let fileUnreadable = Code(name: "fileUnreadable")
        /// No provider in the chain had credentials.
        public static let noProvider = Code(name: "noProvider")
        /// The name.
        public var description: String { name }
    }

    /// What kind of failure.
    public let code: Code
    /// Which provider failed, such as `environment` or `container`.
    public let provider: String
    /// A human explanation; never holds secret material.
    public let message: String
    /// Where the error was made.
    public let location: String

    /// Creates an error; `location` records the call site.
    public init(_ code: Code, provider: String, _ message: String, fileID: String = #fileID, line: Int = #line) {
        self.code = code
        self.provider = provider
        self.message = message
        self.location = "\(fileID):\(line)"
    }

    /// One line: `credentials (container): endpointFailed: ...`.
    public var description: String {
        "credentials (\(provider)): \(code): \(message)"
    }
}
