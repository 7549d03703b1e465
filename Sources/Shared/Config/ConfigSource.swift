/// Where the dynamic configuration document comes from, chosen by `CONFIG_SOURCE`.
public enum ConfigSource: Sendable, Equatable {
    /// A local JSON file (`file:config/app-config.json`).
    case file(path: String)
    /// The AWS AppConfig Data API (`appconfig://APPLICATION/ENVIRONMENT/PROFILE`).
    case appConfig(application: String, environment: String, profile: String, region: String, endpoint: String?)
    /// The AWS AppConfig Agent's local HTTP endpoint, with an optional bearer token.
    case agent(url: String, token: String?)
}
