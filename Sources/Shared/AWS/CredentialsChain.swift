import Logging

/// Tries providers in order and sticks to the first that gives credentials. A provider that
/// answers `.notConfigured` is skipped; any other error stops the chain.
public actor CredentialsChain: AWSCredentialsProvider {
    private let providers: [(name: String, provider: any AWSCredentialsProvider)]
    private let logger: Logger
    private var chosen: Int?

    /// A chain of named providers.
    public init(_ providers: [(name: String, provider: any AWSCredentialsProvider)], logger: Logger = Logger(label: "formation.credentials")) {
        self.providers = providers
        self.logger = logger
    }

    /// Credentials from the first configured provider.
    public func credentials() async throws(CredentialsError) -> AWSCredentials {
        if let chosen {
            return try await providers[chosen].provider.credentials()
        }
        for (index, entry) in providers.enumerated() {
            do {
                let credentials = try await entry.provider.credentials()
                chosen = index
                logger.info("using AWS credentials", metadata: ["provider": "\(entry.name)", "accessKeyID": "\(credentials.accessKeyID.prefix(4))****"])
                return credentials
            } catch where error.code == .notConfigured {
                continue
            }
        }
        throw CredentialsError(.noProvider, provider: "chain",
                               "no AWS credentials: set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, run in ECS, or provide a shared credentials file")
    }
}
