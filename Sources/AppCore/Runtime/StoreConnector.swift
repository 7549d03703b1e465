import AsyncHTTPClient
import Logging
import Shared

/// Turns ``FormationConfig`` into the attached resources: the backing store (`STORE_URL`) and
/// the dynamic config (`CONFIG_SOURCE`). The one place that does so (factor IV).
public struct StoreConnector: Sendable {
    /// The typed configuration.
    public let config: FormationConfig
    /// Where AWS credentials come from (environment, ECS container endpoint, shared file).
    public let credentials: any AWSCredentialsProvider
    let httpClient: HTTPClient
    let logger: Logger

    /// Creates a connector; `httpClient` is borrowed, its owner shuts it down after the store is closed.
    public init(config: FormationConfig, environment: [String: String], httpClient: HTTPClient, logger: Logger) {
        self.config = config
        self.credentials = CredentialsChain.standard(environment: environment, httpClient: httpClient, logger: logger)
        self.httpClient = httpClient
        self.logger = logger
    }

    /// Opens the store.
    public func openStore() throws(StoreError) -> any ItemStore {
        switch config.store {
        case .sqlite(let path):
            return try SQLiteStore(path: path)
        case .dynamoDB(let region, let endpoint):
            do {
                let client = try DynamoDBClient(
                    region: region,
                    endpoint: endpoint,
                    credentials: credentials,
                    httpClient: httpClient,
                    retry: RetryStrategy(maxAttempts: config.maxAttempts, mode: .adaptive),
                    timeout: .milliseconds(Int64(config.requestTimeoutSeconds * 1000)),
                    logger: logger)
                return DynamoDBStore(client: client)
            } catch {
                throw StoreError(code: .validation, message: error.description, store: "dynamodb", operation: "Open")
            }
        }
    }

    /// The dynamic config, not yet fetched.
    public func dynamicConfig() throws(DynamicConfigError) -> DynamicConfig {
        do {
            let source = try config.configSource.makeSource(
                credentials: credentials, httpClient: httpClient, pollIntervalSeconds: config.configPollIntervalSeconds, logger: logger)
            return DynamicConfig(source: source, fallbackTableName: config.fallbackTableName, logger: logger)
        } catch {
            throw DynamicConfigError(error.description)
        }
    }

    /// The table the dynamic config names now (for the admin processes).
    public func currentTableName() async throws(DynamicConfigError) -> String {
        try await dynamicConfig().loadInitial()
    }
}
