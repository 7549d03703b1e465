import Foundation

/// The process's typed configuration, read once from the environment at start (factor III).
///
/// | Variable | Default |
/// | --- | --- |
/// | `STORE_URL` | `sqlite:var/formation.sqlite` |
/// | `CONFIG_SOURCE` (or `ConfigApp`+`ConfigEnv`+`ConfigProfile`) | `file:config/app-config.json` |
/// | `APPCONFIG_AGENT_TOKEN` | none |
/// | `TABLE_NAME` | none |
/// | `AWS_REGION`, then `AWS_DEFAULT_REGION` | required by `dynamodb:` and `appconfig://` |
/// | `AWS_ENDPOINT_URL_DYNAMODB`, then `AWS_ENDPOINT_URL` | the AWS endpoint |
/// | `AWS_ENDPOINT_URL_APPCONFIGDATA`, then `AWS_ENDPOINT_URL` | the AWS endpoint |
/// | `CONFIG_POLL_INTERVAL_SECONDS` | `60` |
/// | `AWS_MAX_ATTEMPTS` | `3` |
/// | `AWS_REQUEST_TIMEOUT_SECONDS` | `10` |
public struct FormationConfig: Sendable, Equatable {
    /// The backing store.
    public var store: StoreLocation
    /// The dynamic configuration source.
    public var configSource: ConfigSource
    /// The table name used when the dynamic document has no `TableName`.
    public var fallbackTableName: String?
    /// How often to poll the dynamic configuration, in seconds (AppConfig allows 15 at least).
    public var configPollIntervalSeconds: Int
    /// Attempts per AWS request, first one included.
    public var maxAttempts: Int
    /// The timeout of one AWS HTTP request, in seconds.
    public var requestTimeoutSeconds: Double

    /// The default `STORE_URL`.
    public static let defaultStoreURL = "sqlite:var/formation.sqlite"
    /// The default `CONFIG_SOURCE`.
    public static let defaultConfigSource = "file:config/app-config.json"

    /// Creates a configuration from its parts.
    public init(
        store: StoreLocation,
        configSource: ConfigSource,
        fallbackTableName: String? = nil,
        configPollIntervalSeconds: Int = 60,
        maxAttempts: Int = 3,
        requestTimeoutSeconds: Double = 10
    ) {
        self.store = store
        self.configSource = configSource
        self.fallbackTableName = fallbackTableName
        self.configPollIntervalSeconds = configPollIntervalSeconds
        self.maxAttempts = maxAttempts
        self.requestTimeoutSeconds = requestTimeoutSeconds
    }

    /// Parses the configuration from `environment`; pure. Every bad variable is reported at
    /// once, one line each.
    public static func parse(_ environment: AppEnvironment) throws(ConfigErrors) -> FormationConfig {
        var collector = ConfigCollector()
        let config = parse(environment, into: &collector)
        try collector.check()
        guard let config else { throw ConfigErrors(collector.errors) }
        return config
    }

    /// Parses the configuration, recording every error in `collector` (for a process that also
    /// has settings of its own to check in the same pass); nil when there was one.
    public static func parse(_ environment: AppEnvironment, into collector: inout ConfigCollector) -> FormationConfig? {
        let store = parseStore(environment, into: &collector)
        let source = parseConfigSource(environment, into: &collector)
        let table = environment.first(of: "TABLE_NAME")
        let poll = collector.attempt { () throws(ConfigError) in
            try parseInteger(environment, "CONFIG_POLL_INTERVAL_SECONDS", default: 60, range: 15...86_400, example: "60")
        }
        let attempts = collector.attempt { () throws(ConfigError) in
            try parseInteger(environment, "AWS_MAX_ATTEMPTS", default: 3, range: 1...10, example: "3")
        }
        let timeout = collector.attempt { () throws(ConfigError) in
            try parseSeconds(environment, "AWS_REQUEST_TIMEOUT_SECONDS", default: 10, example: "10")
        }
        guard let store, let source, let poll, let attempts, let timeout else { return nil }
        return FormationConfig(
            store: store,
            configSource: source,
            fallbackTableName: table,
            configPollIntervalSeconds: poll,
            maxAttempts: attempts,
            requestTimeoutSeconds: timeout
        )
    }

    static func parseStore(_ environment: AppEnvironment, into collector: inout ConfigCollector) -> StoreLocation? {
        let raw = environment["STORE_URL"] ?? defaultStoreURL
        let invalid = ConfigError(
            variable: "STORE_URL",
            expected: "sqlite:PATH or dynamodb:",
            example: "dynamodb:",
            found: raw
        )
        if raw.hasPrefix("sqlite:") {
            let path = String(raw.dropFirst("sqlite:".count))
            guard !path.isEmpty else {
                collector.record(invalid)
                return nil
            }
            return .sqlite(path: path)
        }
        guard raw == "dynamodb:" || raw == "dynamodb://" else {
            collector.record(invalid)
            return nil
        }
        let region = collector.attempt { () throws(ConfigError) in try Self.region(environment, forUseBy: "STORE_URL=dynamodb:") }
        let endpoint = collector.attempt { () throws(ConfigError) in
            try Self.endpoint(environment, specific: "AWS_ENDPOINT_URL_DYNAMODB", example: "http://127.0.0.1:8000")
        }
        guard let region, let endpoint else { return nil }
        return .dynamoDB(region: region, endpoint: endpoint)
    }

    static func parseConfigSource(_ environment: AppEnvironment, into collector: inout ConfigCollector) -> ConfigSource? {
        if let raw = environment["CONFIG_SOURCE"] {
            return parseConfigSourceValue(raw, environment: environment, into: &collector)
        }
        let parts = [environment.first(of: "ConfigApp"), environment.first(of: "ConfigEnv"), environment.first(of: "ConfigProfile")]
        if parts.allSatisfy({ $0 == nil }) {
            return parseConfigSourceValue(defaultConfigSource, environment: environment, into: &collector)
        }
        var complete = true
        for (name, value) in zip(["ConfigApp", "ConfigEnv", "ConfigProfile"], parts) where value == nil {
            complete = false
            collector.record(ConfigError(
                variable: name,
                expected: "ConfigApp, ConfigEnv and ConfigProfile to be set together (or CONFIG_SOURCE=appconfig://APP/ENV/PROFILE)",
                example: "formation"
            ))
        }
        let aws = awsService(environment, user: "ConfigApp", into: &collector)
        guard complete, let aws else { return nil }
        return .appConfig(application: parts[0] ?? "", environment: parts[1] ?? "", profile: parts[2] ?? "", region: aws.region, endpoint: aws.endpoint)
    }

    /// The region and AppConfig endpoint that an AppConfig source needs; nil after an error.
    static func awsService(_ environment: AppEnvironment, user: String, into collector: inout ConfigCollector) -> (region: String, endpoint: String?)? {
        let region = collector.attempt { () throws(ConfigError) in try Self.region(environment, forUseBy: user) }
        let endpoint = collector.attempt { () throws(ConfigError) in
            try Self.endpoint(environment, specific: "AWS_ENDPOINT_URL_APPCONFIGDATA", example: "http://127.0.0.1:2772")
        }
        guard let region, let endpoint else { return nil }
        return (region, endpoint)
    }

    static func parseConfigSourceValue(_ raw: String, environment: AppEnvironment, into collector: inout ConfigCollector) -> ConfigSource? {
        let expected = "file:PATH, appconfig://APPLICATION/ENVIRONMENT/PROFILE or an http:// AppConfig Agent URL"
        let invalid = ConfigError(variable: "CONFIG_SOURCE", expected: expected, example: "appconfig://formation/prod/main", found: raw)
        if raw.hasPrefix("file:"), raw.count > "file:".count {
            return .file(path: String(raw.dropFirst("file:".count)))
        }
        if raw.hasPrefix("appconfig://") {
            let parts = raw.dropFirst("appconfig://".count).split(separator: "/", omittingEmptySubsequences: false)
            let valid = parts.count == 3 && parts.allSatisfy { !$0.isEmpty }
            if !valid { collector.record(invalid) }
            let aws = awsService(environment, user: "CONFIG_SOURCE=appconfig://", into: &collector)
            guard valid, let aws else { return nil }
            return .appConfig(application: String(parts[0]), environment: String(parts[1]), profile: String(parts[2]), region: aws.region, endpoint: aws.endpoint)
        }
        if raw.hasPrefix("http://") || raw.hasPrefix("https://"), let url = URL(string: raw), url.host != nil {
            return .agent(url: raw, token: environment.first(of: "APPCONFIG_AGENT_TOKEN"))
        }
        collector.record(invalid)
        return nil
    }

    static func region(_ environment: AppEnvironment, forUseBy user: String) throws(ConfigError) -> String {
        guard let region = environment.first(of: "AWS_REGION", "AWS_DEFAULT_REGION") else {
            throw ConfigError(variable: "AWS_REGION", expected: "an AWS region name (needed by \(user))", example: "eu-west-1")
        }
        guard region.utf8.allSatisfy({ $0 == UInt8(ascii: "-") || ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z")) || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) }) else {
            throw ConfigError(variable: environment.first(of: "AWS_REGION") == nil ? "AWS_DEFAULT_REGION" : "AWS_REGION",
                              expected: "an AWS region name in lowercase letters, digits and dashes", example: "eu-west-1", found: region)
        }
        return region
    }

    static func endpoint(_ environment: AppEnvironment, specific: String, example: String) throws(ConfigError) -> String? {
        for name in [specific, "AWS_ENDPOINT_URL"] {
            guard let value = environment.first(of: name) else { continue }
            guard let url = URL(string: value), let scheme = url.scheme, scheme == "http" || scheme == "https", url.host != nil else {
                throw ConfigError(variable: name, expected: "an http:// or https:// URL", example: example, found: value)
            }
            return value
        }
        return nil
    }

    /// The whole number `name` holds within `range` (`value` when unset); `expected` describes it
    /// in the error (by default "a whole number from LOW to HIGH").
    public static func parseInteger(
        _ environment: AppEnvironment, _ name: String, default value: Int, range: ClosedRange<Int>, expected: String? = nil, example: String
    ) throws(ConfigError) -> Int {
        guard let raw = environment[name] else { return value }
        guard let parsed = Int(raw), range.contains(parsed) else {
            let expected = expected ?? "a whole number from \(range.lowerBound) to \(range.upperBound)"
            throw ConfigError(variable: name, expected: expected, example: example, found: raw)
        }
        return parsed
    }

    static func parseSeconds(_ environment: AppEnvironment, _ name: String, default value: Double, example: String) throws(ConfigError) -> Double {
        guard let raw = environment[name] else { return value }
        guard let parsed = Double(raw), parsed > 0, parsed <= 600 else {
            throw ConfigError(variable: name, expected: "a number of seconds greater than 0 and at most 600", example: example, found: raw)
        }
        return parsed
    }
}
