import AsyncHTTPClient
import Logging

extension CredentialsChain {
    /// The standard chain: environment variables, then the ECS container endpoint, then the
    /// shared credentials file.
    public static func standard(environment: [String: String], httpClient: HTTPClient, logger: Logger = Logger(label: "formation.credentials")) -> CredentialsChain {
        CredentialsChain([
            ("environment", EnvironmentCredentialsProvider(environment: environment)),
            ("container", ContainerCredentialsProvider(environment: environment, httpClient: httpClient, logger: logger)),
            ("shared-file", SharedCredentialsFileProvider(environment: environment)),
        ], logger: logger)
    }
}
