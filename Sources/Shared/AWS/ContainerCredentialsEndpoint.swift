import Foundation

/// Where the container credentials endpoint is and how to authorise against it, resolved purely
/// from the environment.
public struct ContainerCredentialsEndpoint: Sendable, Equatable {
    /// The URL to GET.
    public let url: String
    /// Where the authorization token comes from, if any.
    public let authorization: Authorization?

    /// The source of the `Authorization` header value.
    public enum Authorization: Sendable, Equatable {
        /// A fixed value from `AWS_CONTAINER_AUTHORIZATION_TOKEN`.
        case token(String)
        /// A file re-read on each fetch (`AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE`), as EKS rotates it.
        case tokenFile(String)
    }

    /// The ECS task metadata address for `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI`.
    public static let ecsHost = "169.254.170.2"

    /// Resolves the endpoint; `.notConfigured` when neither URI variable is set.
    public static func resolve(_ environment: [String: String]) throws(CredentialsError) -> ContainerCredentialsEndpoint {
        let authorization: Authorization?
        if let file = environment["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"], !file.isEmpty {
            authorization = .tokenFile(file)
        } else if let token = environment["AWS_CONTAINER_AUTHORIZATION_TOKEN"], !token.isEmpty {
            authorization = .token(token)
        } else {
            authorization = nil
        }
        if let relative = environment["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"], !relative.isEmpty {
            let path = relative.hasPrefix("/") ? relative : "/" + relative
            return ContainerCredentialsEndpoint(url: "http://\(ecsHost)\(path)", authorization: authorization)
        }
        guard let full = environment["AWS_CONTAINER_CREDENTIALS_FULL_URI"], !full.isEmpty else {
            throw CredentialsError(.notConfigured, provider: "container",
                                   "neither AWS_CONTAINER_CREDENTIALS_RELATIVE_URI nor AWS_CONTAINER_CREDENTIALS_FULL_URI is set")
        }
        guard let url = URL(string: full), let scheme = url.scheme, let host = url.host else {
            throw CredentialsError(.invalidConfiguration, provider: "container", "AWS_CONTAINER_CREDENTIALS_FULL_URI is not a URL")
        }
        if scheme == "http" {
            guard isAllowedPlainHTTPHost(host) else {
                throw CredentialsError(.invalidConfiguration, provider: "container",
                                       "AWS_CONTAINER_CREDENTIALS_FULL_URI over http must be a loopback or ECS/EKS address, not \(host)")
            }
        } else if scheme != "https" {
            throw CredentialsError(.invalidConfiguration, provider: "container", "AWS_CONTAINER_CREDENTIALS_FULL_URI must be http or https")
        }
        return ContainerCredentialsEndpoint(url: full, authorization: authorization)
    }

    /// Loopback, or the ECS and EKS link-local credential addresses (as the AWS SDKs allow).
    static func isAllowedPlainHTTPHost(_ host: String) -> Bool {
        let bare = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        if bare == "localhost" || bare == "::1" || bare == ecsHost || bare == "169.254.170.23" || bare.lowercased() == "fd00:ec2::23" {
            return true
        }
        let octets = bare.split(separator: ".")
        return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
    }
}
