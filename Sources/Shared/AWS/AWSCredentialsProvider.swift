/// Something that gives AWS credentials, perhaps fetching or refreshing them.
public protocol AWSCredentialsProvider: Sendable {
    /// Current credentials. Throws ``CredentialsError`` with `.notConfigured` when this source is
    /// not set up, so that a chain moves on to the next one.
    func credentials() async throws(CredentialsError) -> AWSCredentials
}

/// Fixed credentials, for tests and explicit configuration.
public struct StaticCredentialsProvider: AWSCredentialsProvider {
    private let value: AWSCredentials

    /// Always answers `credentials`.
    public init(_ credentials: AWSCredentials) {
        self.value = credentials
    }

    /// The fixed credentials.
    public func credentials() async throws(CredentialsError) -> AWSCredentials { value }
}
