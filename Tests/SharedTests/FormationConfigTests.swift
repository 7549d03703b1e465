import ExitCodes
import Shared
import Testing

/// The typed configuration read from the environment (factor III).
@Suite("twelve-factor config")
struct FormationConfigTests {
    func parse(_ values: [String: String]) throws(ConfigErrors) -> FormationConfig {
        try FormationConfig.parse(AppEnvironment(values))
    }

    @Test("an empty environment gives the local defaults")
    func defaults() throws {
        let config = try parse([:])
        #expect(config.store == .sqlite(path: "var/formation.sqlite"))
        #expect(config.configSource == .file(path: "config/app-config.json"))
        #expect(config.fallbackTableName == nil)
        #expect(config.configPollIntervalSeconds == 60)
        #expect(config.maxAttempts == 3)
        #expect(config.requestTimeoutSeconds == 10)
    }

    @Test("dynamodb: takes the region from AWS_REGION, then AWS_DEFAULT_REGION, and the endpoint overrides in order")
    func dynamoDBStore() throws {
        #expect(try parse(["STORE_URL": "dynamodb:", "AWS_REGION": "eu-west-1", "AWS_DEFAULT_REGION": "us-east-2"]).store
                == .dynamoDB(region: "eu-west-1", endpoint: nil))
        #expect(try parse(["STORE_URL": "dynamodb:", "AWS_DEFAULT_REGION": "us-east-2"]).store == .dynamoDB(region: "us-east-2", endpoint: nil))
        #expect(try parse(["STORE_URL": "dynamodb:", "AWS_REGION": "eu-west-1", "AWS_ENDPOINT_URL": "http://127.0.0.1:5000",
                           "AWS_ENDPOINT_URL_DYNAMODB": "http://127.0.0.1:8000"]).store
                == .dynamoDB(region: "eu-west-1", endpoint: "http://127.0.0.1:8000"))
        #expect(try parse(["STORE_URL": "dynamodb:", "AWS_REGION": "eu-west-1", "AWS_ENDPOINT_URL": "http://127.0.0.1:5000"]).store
                == .dynamoDB(region: "eu-west-1", endpoint: "http://127.0.0.1:5000"))
        #expect(try parse(["STORE_URL": "sqlite:/data/x.sqlite"]).store == .sqlite(path: "/data/x.sqlite"))
    }

    @Test("the config source: file, appconfig://, the agent URL with its token, and ConfigApp/ConfigEnv/ConfigProfile")
    func configSources() throws {
        #expect(try parse(["CONFIG_SOURCE": "file:/etc/formation.json"]).configSource == .file(path: "/etc/formation.json"))
        #expect(try parse(["CONFIG_SOURCE": "appconfig://formation/prod/main", "AWS_REGION": "eu-west-1"]).configSource
                == .appConfig(application: "formation", environment: "prod", profile: "main", region: "eu-west-1", endpoint: nil))
        let agent = "http://localhost:2772/applications/A/environments/E/configurations/P"
        #expect(try parse(["CONFIG_SOURCE": agent, "APPCONFIG_AGENT_TOKEN": "t"]).configSource == .agent(url: agent, token: "t"))
        #expect(try parse(["ConfigApp": "formation", "ConfigEnv": "prod", "ConfigProfile": "main", "AWS_DEFAULT_REGION": "us-east-1",
                           "AWS_ENDPOINT_URL_APPCONFIGDATA": "http://127.0.0.1:2773"]).configSource
                == .appConfig(application: "formation", environment: "prod", profile: "main", region: "us-east-1", endpoint: "http://127.0.0.1:2773"))
        #expect(try parse(["TABLE_NAME": "hello"]).fallbackTableName == "hello")
    }

    @Test("a malformed or missing variable is one line naming it, the expected form and an example", arguments: [
        (["STORE_URL": "postgres://x"], "STORE_URL", "postgres://x"),
        (["STORE_URL": "sqlite:"], "STORE_URL", "sqlite:"),
        (["STORE_URL": "dynamodb:"], "AWS_REGION", nil),
        (["STORE_URL": "dynamodb:", "AWS_REGION": "EU WEST"], "AWS_REGION", "EU WEST"),
        (["STORE_URL": "dynamodb:", "AWS_REGION": "eu-west-1", "AWS_ENDPOINT_URL_DYNAMODB": "localhost:8000"], "AWS_ENDPOINT_URL_DYNAMODB", "localhost:8000"),
        (["CONFIG_SOURCE": "appconfig://only/two", "AWS_REGION": "eu-west-1"], "CONFIG_SOURCE", "appconfig://only/two"),
        (["CONFIG_SOURCE": "s3://bucket/key"], "CONFIG_SOURCE", "s3://bucket/key"),
        (["CONFIG_SOURCE": "appconfig://a/b/c"], "AWS_REGION", nil),
        (["ConfigApp": "formation", "ConfigEnv": "prod", "AWS_REGION": "eu-west-1"], "ConfigProfile", nil),
        (["CONFIG_POLL_INTERVAL_SECONDS": "5"], "CONFIG_POLL_INTERVAL_SECONDS", "5"),
        (["AWS_MAX_ATTEMPTS": "three"], "AWS_MAX_ATTEMPTS", "three"),
        (["AWS_REQUEST_TIMEOUT_SECONDS": "-1"], "AWS_REQUEST_TIMEOUT_SECONDS", "-1"),
    ] as [([String: String], String, String?)])
    func errors(environment: [String: String], variable: String, found: String?) {
        let errors = #expect(throws: ConfigErrors.self) { try parse(environment) }
        #expect(errors?.errors.count == 1)
        let error = errors?.errors.first
        #expect(error?.variable == variable)
        #expect(error?.found == found)
        let line = error?.description ?? ""
        #expect(line.hasPrefix("\(variable): expected "))
        #expect(line.contains("for example \(variable)="))
        #expect(!line.contains("\n"))
    }

    @Test("AWS_MAX_ATTEMPTS and AWS_REQUEST_TIMEOUT_SECONDS shape the retry strategy and timeout")
    func awsSettings() throws {
        let config = try parse(["AWS_MAX_ATTEMPTS": "5", "AWS_REQUEST_TIMEOUT_SECONDS": "2.5"])
        #expect(config.retryStrategy.maxAttempts == 5)
        #expect(config.requestTimeout == .milliseconds(2500))
    }

    @Test("every bad variable is reported in one pass, one line each; a variable needed twice is one line")
    func everyErrorAtOnce() {
        let errors = #expect(throws: ConfigErrors.self) {
            try parse([
                "STORE_URL": "dynamodb:", "CONFIG_SOURCE": "appconfig://a/b", "AWS_MAX_ATTEMPTS": "many",
                "AWS_ENDPOINT_URL": "localhost", "CONFIG_POLL_INTERVAL_SECONDS": "1",
            ])
        }
        #expect(errors?.errors.map(\.variable) == ["AWS_REGION", "AWS_ENDPOINT_URL", "CONFIG_SOURCE", "CONFIG_POLL_INTERVAL_SECONDS", "AWS_MAX_ATTEMPTS"])
        #expect(errors?.description.split(separator: "\n").count == 5)
        let split = #expect(throws: ConfigErrors.self) { try parse(["ConfigApp": "formation", "STORE_URL": "redis:"]) }
        #expect(split?.errors.map(\.variable) == ["STORE_URL", "ConfigEnv", "ConfigProfile", "AWS_REGION"])
    }

    @Test("EX_CONFIG is 78")
    func exitCode() {
        #expect(SysExit.configuration == 78)
    }
}
