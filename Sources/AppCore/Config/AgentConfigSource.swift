import AsyncHTTPClient
import Foundation
import NIOCore

/// The AWS AppConfig Agent's local endpoint (`CONFIG_SOURCE=http://localhost:2772/applications/APP/environments/ENV/configurations/PROFILE`),
/// with `APPCONFIG_AGENT_TOKEN` as a bearer token when set. The agent polls AppConfig itself.
public struct AgentConfigSource: ConfigDocumentSource {
    /// The agent's URL for the configuration.
    public let url: String
    let token: String?
    let httpClient: HTTPClient
    let timeout: TimeAmount

    /// Creates a source; `httpClient` is borrowed.
    public init(url: String, token: String?, httpClient: HTTPClient, timeout: TimeAmount = .seconds(5)) {
        self.url = url
        self.token = token
        self.httpClient = httpClient
        self.timeout = timeout
    }

    public var origin: String { url }

    public func fetch() async throws(ConfigFetchError) -> ConfigDocument {
        var request = HTTPClientRequest(url: url)
        request.method = .GET
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        let status: UInt
        let body: ByteBuffer
        do {
            let response = try await httpClient.execute(request, timeout: timeout)
            status = response.status.code
            body = try await response.body.collect(upTo: 1 << 20)
        } catch {
            throw ConfigFetchError(origin: origin, reason: "the agent did not answer (\(type(of: error)))")
        }
        guard (200..<300).contains(status) else {
            throw ConfigFetchError(origin: origin, reason: "the agent answered HTTP \(status)")
        }
        return try ConfigDocument.parse(Data(buffer: body), origin: origin)
    }
}
