import AsyncHTTPClient
import Logging
import Shared

/// Opens the backing store and the dynamic config source that ``FormationConfig`` names: the
/// one place that turns `STORE_URL` and `CONFIG_SOURCE` into objects (factor IV).
public enum StoreConnector {
    /// Opens the store. The DynamoDB store borrows `httpClient`; the caller shuts it down after
    /// closing the store.
    public static func openStore(_ config: FormationConfig, environment: [String: String], httpClient: HTTPClient, logger: Logger) throws(StoreError) -> any ItemStore {
        switch config.store {
        case .sqlite(let path):
            return try SQLiteStore(path: path)
        case .dynamoDB(let region, let endpoint):
            do {
                let client = try DynamoDBClient(
                    region: region,
                    endpoint: endpoint,
                    credentials: CredentialsChain.standard(environment: environment, httpClient: httpClient, logger: logger),
                    httpClient: httpClient,
                    retry: RetryStrategy(maxAttempts: config.maxAttempts),
                    timeout: .milliseconds(Int64(config.requestTimeoutSeconds * 1000)),
                    logger: logger)
                return DynamoDBStore(client: client)
            } catch {
                throw StoreError(code: .validation, message: error.description, store: "dynamodb", operation: "Open")
            }
        }
    }

    /// The dynamic config source. AppConfig's data API is not supported here yet: use the
    /// AppConfig Agent's URL instead.
    public static func configSource(_ config: FormationConfig, httpClient: HTTPClient) throws(ConfigFetchError) -> any ConfigDocumentSource {
        switch config.configSource {
        case .file(let path):
            return FileConfigSource(path: path)
        case .agent(let url, let token):
            return AgentConfigSource(url: url, token: token, httpClient: httpClient)
        case .appConfig(let application, let environment, let profile, _, _):
            throw ConfigFetchError(
                origin: "appconfig://\(application)/\(environment)/\(profile)",
                reason: "the AppConfig data API is not supported by this build; run the AppConfig Agent and set CONFIG_SOURCE to its http:// URL")
        }
    }
}
