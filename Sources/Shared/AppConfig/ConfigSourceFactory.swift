import AsyncHTTPClient
import Logging

extension ConfigSource {
    /// The document source this configuration names.
    public func makeSource(
        credentials: any AWSCredentialsProvider,
        httpClient: HTTPClient,
        pollIntervalSeconds: Int = 60,
        logger: Logger = Logger(label: "formation.config")
    ) throws(AWSError) -> any ConfigDocumentSource {
        switch self {
        case .file(let path):
            return FileConfigSource(path: path)
        case .agent(let url, let token):
            return AppConfigAgentSource(url: url, token: token, httpClient: httpClient)
        case .appConfig(let application, let environment, let profile, let region, let endpoint):
            return try AppConfigDataClient(
                application: application, environment: environment, profile: profile, region: region, endpoint: endpoint,
                credentials: credentials, httpClient: httpClient, requiredMinimumPollInterval: pollIntervalSeconds, logger: logger
            )
        }
    }
}
