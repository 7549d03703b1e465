import AsyncHTTPClient
import Foundation
import Logging

/// The AWS AppConfig Data API, following its contract: `StartConfigurationSession` once, then
/// `GetLatestConfiguration` with the single-use token of the previous answer; an empty body means
/// unchanged; never asks again before `Next-Poll-Interval-In-Seconds` has passed (it answers
/// `.unchanged` without a request instead). A session whose token is refused is started anew once.
public actor AppConfigDataClient: ConfigDocumentSource {
    /// The application, environment and configuration profile (names or ids).
    public let application: String, environment: String, profile: String
    /// The minimum poll interval asked for at session start (15 s at least).
    public let requiredMinimumPollInterval: Int
    private let sender: AWSRequestSender
    private let now: @Sendable () -> ContinuousClock.Instant
    private let logger: Logger
    private var token: String?
    private var notBefore: ContinuousClock.Instant?
    private var versionLabel: String?
    /// Requests made, by operation (for tests and metrics).
    public private(set) var requestCounts: [String: Int] = [:]

    /// `AppConfig <application>/<environment>/<profile>`, for messages.
    public nonisolated var name: String { "AppConfig \(application)/\(environment)/\(profile)" }

    /// Creates a client for `region`, at `endpoint` when overridden.
    public init(
        application: String,
        environment: String,
        profile: String,
        region: String,
        endpoint: String? = nil,
        credentials: any AWSCredentialsProvider,
        httpClient: HTTPClient,
        requiredMinimumPollInterval: Int = 60,
        retry: RetryStrategy = .standard,
        timeout: Duration = .seconds(10),
        logger: Logger = Logger(label: "formation.appconfig"),
        now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }
    ) throws(AWSError) {
        let resolved = try AWSEndpoint.resolve(override: endpoint, service: "appconfigdata", region: region)
        self.application = application
        self.environment = environment
        self.profile = profile
        self.requiredMinimumPollInterval = max(15, requiredMinimumPollInterval)
        // AppConfig Data signs with the signing name "appconfig".
        self.sender = AWSRequestSender(service: "appconfig", region: region, endpoint: resolved, credentials: credentials,
                                       httpClient: httpClient, retry: retry, timeout: timeout, logger: logger)
        self.now = now
        self.logger = logger
    }

    private struct StartSessionBody: Encodable {
        var ApplicationIdentifier: String
        var EnvironmentIdentifier: String
        var ConfigurationProfileIdentifier: String
        var RequiredMinimumPollIntervalInSeconds: Int
    }

    private struct StartSessionAnswer: Decodable {
        var InitialConfigurationToken: String
    }

    /// The latest configuration if it changed; `.unchanged` if it did not or if it is too early.
    public func fetch() async throws -> ConfigFetchResult {
        if let notBefore, now() < notBefore { return .unchanged }
        if token == nil { try await startSession() }
        do {
            return try await getLatest()
        } catch let error as AWSError where error.code == .badRequest && error.statusCode == 400 {
            // The token expired (24 h) or was refused: start a new session once.
            logger.info("the configuration token was refused; starting a new session", metadata: ["error": "\(error)"])
            token = nil
            try await startSession()
            return try await getLatest()
        }
    }

    private func startSession() async throws {
        requestCounts["StartConfigurationSession", default: 0] += 1
        let body = try JSONEncoder().encode(StartSessionBody(
            ApplicationIdentifier: application, EnvironmentIdentifier: environment,
            ConfigurationProfileIdentifier: profile, RequiredMinimumPollIntervalInSeconds: requiredMinimumPollInterval
        ))
        let response = try await sender.send(
            operation: "StartConfigurationSession", method: "POST", path: "/configurationsessions",
            headers: [SigV4Request.Header(name: "Content-Type", value: "application/json")], body: Array(body)
        )
        do {
            token = try JSONDecoder().decode(StartSessionAnswer.self, from: Data(response.body)).InitialConfigurationToken
        } catch {
            throw AWSError(code: .invalidResponse, message: "no InitialConfigurationToken in the answer", statusCode: response.status,
                           service: "appconfigdata", operation: "StartConfigurationSession")
        }
        versionLabel = nil
    }

    private func getLatest() async throws -> ConfigFetchResult {
        guard let current = token else {
            throw AWSError(code: .invalidRequest, message: "no configuration session", service: "appconfigdata", operation: "GetLatestConfiguration")
        }
        // The token is single-use: forget it before sending, whatever happens.
        token = nil
        requestCounts["GetLatestConfiguration", default: 0] += 1
        let response = try await sender.send(
            operation: "GetLatestConfiguration", method: "GET", path: "/configuration",
            query: [SigV4Request.QueryItem(name: "configuration_token", value: current)], headers: [], body: []
        )
        guard let next = response.headers.first(name: "Next-Poll-Configuration-Token") else {
            throw AWSError(code: .invalidResponse, message: "no Next-Poll-Configuration-Token in the answer", statusCode: response.status,
                           service: "appconfigdata", operation: "GetLatestConfiguration")
        }
        token = next
        let interval = response.headers.first(name: "Next-Poll-Interval-In-Seconds").flatMap(Int.init) ?? requiredMinimumPollInterval
        notBefore = now() + .seconds(interval)
        guard !response.body.isEmpty else { return .unchanged }
        versionLabel = response.headers.first(name: "Version-Label") ?? versionLabel
        return .changed(document: response.body, version: versionLabel)
    }
}
