import AsyncHTTPClient
import Foundation
import NIOCore

/// The AWS AppConfig Agent's local endpoint
/// (`http://localhost:2772/applications/A/environments/E/configurations/P`), with an optional
/// bearer token (`APPCONFIG_AGENT_TOKEN`). The agent does the polling; we compare bodies.
public actor AppConfigAgentSource: ConfigDocumentSource {
    /// The agent URL.
    public let url: String
    private let token: String?
    private let httpClient: HTTPClient
    private let timeout: TimeAmount
    private var lastBody: [UInt8]?

    /// Creates a source.
    public nonisolated var name: String { "AppConfig Agent \(url)" }

    public init(url: String, token: String?, httpClient: HTTPClient, timeout: Duration = .seconds(5)) {
        self.url = url
        self.token = token
        self.httpClient = httpClient
        self.timeout = TimeAmount(timeout)
    }

    /// The document if it differs from the last one.
    public func fetch() async throws -> ConfigFetchResult {
        var request = HTTPClientRequest(url: url)
        request.method = .GET
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        let response: HTTPClientResponse
        let body: ByteBuffer
        do {
            response = try await httpClient.execute(request, timeout: timeout)
            body = try await response.body.collect(upTo: 16 << 20)
        } catch {
            throw AWSError(code: .connectionFailed, message: "GET \(url): \(AWSRequestSender.describeTransport(error))", service: "appconfig-agent", operation: "GetConfiguration")
        }
        guard response.status == .ok else {
            throw AWSError(code: AWSError.Code("HTTP\(response.status.code)"), message: "GET \(url) answered \(response.status.code)",
                           statusCode: Int(response.status.code), service: "appconfig-agent", operation: "GetConfiguration")
        }
        let bytes = Array(buffer: body)
        guard bytes != lastBody else { return .unchanged }
        lastBody = bytes
        return .changed(document: bytes, version: response.headers.first(name: "Configuration-Version"))
    }
}
