import Foundation

/// A service endpoint: the URL requests go to and the `Host` value that is signed.
public struct AWSEndpoint: Sendable, Equatable {
    /// The base URL without a trailing slash, such as `https://dynamodb.eu-west-1.amazonaws.com`.
    public let baseURL: String
    /// The `Host` header: host, plus `:port` when it is not the scheme's default.
    public let host: String
    /// The base path (empty for the root).
    public let basePath: String

    /// Parses an endpoint URL; `nil` if it is not an http(s) URL with a host.
    public init?(url: String) {
        guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = parsed.host, !host.isEmpty else { return nil }
        var hostHeader = host.contains(":") ? "[\(host)]" : host
        if let port = parsed.port, !(scheme == "http" && port == 80) && !(scheme == "https" && port == 443) {
            hostHeader += ":\(port)"
        }
        var path = parsed.path
        while path.hasSuffix("/") { path.removeLast() }
        self.host = hostHeader
        self.basePath = path
        self.baseURL = "\(scheme)://\(hostHeader)\(path)"
    }

    /// The AWS endpoint of `service` (its hostname prefix) in `region`.
    public static func aws(service: String, region: String) -> AWSEndpoint {
        let suffix = region.hasPrefix("cn-") ? "amazonaws.com.cn" : "amazonaws.com"
        guard let endpoint = AWSEndpoint(url: "https://\(service).\(region).\(suffix)") else {
            preconditionFailure("an AWS hostname built from a region name is always a valid URL")
        }
        return endpoint
    }

    /// `override` when one is given (such as `AWS_ENDPOINT_URL_DYNAMODB`, moto or DynamoDB
    /// Local), else the AWS endpoint of `service` in `region`; a client's `init` calls this.
    public static func resolve(override: String?, service: String, region: String) throws(AWSError) -> AWSEndpoint {
        guard let override else { return .aws(service: service, region: region) }
        guard let parsed = AWSEndpoint(url: override) else {
            throw AWSError(code: .invalidRequest, message: "endpoint \(override) is not an http(s) URL", service: service, operation: "init")
        }
        return parsed
    }
}
