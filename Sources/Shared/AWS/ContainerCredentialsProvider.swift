import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// Credentials from the ECS container credentials endpoint, cached and fetched again
/// `refreshMargin` before they expire.
public actor ContainerCredentialsProvider: AWSCredentialsProvider {
    private let environment: [String: String]
    private let httpClient: HTTPClient
    private let logger: Logger
    private let refreshMargin: TimeInterval
    private let timeout: TimeAmount
    private let now: @Sendable () -> Date
    private var cached: AWSCredentials?
    /// How many times the endpoint was asked (for tests and metrics).
    public private(set) var fetchCount = 0

    /// Creates the provider; nothing is fetched until asked.
    public init(
        environment: [String: String],
        httpClient: HTTPClient,
        logger: Logger = Logger(label: "formation.credentials"),
        refreshMargin: TimeInterval = 300,
        timeout: TimeAmount = .seconds(2),
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.environment = environment
        self.httpClient = httpClient
        self.logger = logger
        self.refreshMargin = refreshMargin
        self.timeout = timeout
        self.now = now
    }

    /// Cached credentials while they have more than `refreshMargin` left, else fresh ones.
    public func credentials() async throws(CredentialsError) -> AWSCredentials {
        if let cached, !needsRefresh(cached) { return cached }
        let endpoint = try ContainerCredentialsEndpoint.resolve(environment)
        do {
            let fresh = try await fetch(endpoint)
            cached = fresh
            logger.debug("fetched container credentials", metadata: [
                "accessKeyID": "\(fresh.accessKeyID.prefix(4))****",
                "expiration": "\(fresh.expiration.map { "\($0)" } ?? "none")",
            ])
            return fresh
        } catch {
            // Keep using still-valid credentials when a refresh fails inside the margin.
            if let cached, let expiration = cached.expiration, expiration > now() {
                logger.warning("refreshing container credentials failed; using the cached ones until they expire", metadata: ["error": "\(error)"])
                return cached
            }
            throw error
        }
    }

    private func needsRefresh(_ credentials: AWSCredentials) -> Bool {
        guard let expiration = credentials.expiration else { return false }
        return expiration.timeIntervalSince(now()) <= refreshMargin
    }

    private func fetch(_ endpoint: ContainerCredentialsEndpoint) async throws(CredentialsError) -> AWSCredentials {
        fetchCount += 1
        var request = HTTPClientRequest(url: endpoint.url)
        request.method = .GET
        request.headers.add(name: "Accept", value: "application/json")
        switch endpoint.authorization {
        case .token(let token):
            request.headers.add(name: "Authorization", value: token)
        case .tokenFile(let path):
            guard let token = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw CredentialsError(.fileUnreadable, provider: "container", "cannot read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE at \(path)")
            }
            request.headers.add(name: "Authorization", value: token.trimmingCharacters(in: .whitespacesAndNewlines))
        case nil:
            break
        }
        let body: ByteBuffer
        let status: HTTPResponseStatus
        do {
            let response = try await httpClient.execute(request, timeout: timeout)
            status = response.status
            body = try await response.body.collect(upTo: 1 << 20)
        } catch {
            throw CredentialsError(.endpointFailed, provider: "container", "GET \(endpoint.url) failed: \(type(of: error))")
        }
        guard status == .ok else {
            throw CredentialsError(.endpointFailed, provider: "container", "GET \(endpoint.url) answered \(status.code)")
        }
        return try ContainerCredentialsResponse.parse(Array(buffer: body))
    }
}
