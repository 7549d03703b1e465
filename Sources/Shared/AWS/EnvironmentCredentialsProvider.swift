/// Credentials from `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN`.
public struct EnvironmentCredentialsProvider: AWSCredentialsProvider {
    private let environment: [String: String]

    /// Reads from `environment` (the process environment by default, read by the caller).
    public init(environment: [String: String]) {
        self.environment = environment
    }

    /// The credentials, or `.notConfigured` when `AWS_ACCESS_KEY_ID` is unset.
    public func credentials() async throws(CredentialsError) -> AWSCredentials {
        try Self.resolve(environment)
    }

    /// Pure resolution from a dictionary.
    public static func resolve(_ environment: [String: String]) throws(CredentialsError) -> AWSCredentials {
        guard let keyID = environment["AWS_ACCESS_KEY_ID"], !keyID.isEmpty else {
            throw CredentialsError(.notConfigured, provider: "environment", "AWS_ACCESS_KEY_ID is not set")
        }
        guard let secret = environment["AWS_SECRET_ACCESS_KEY"], !secret.isEmpty else {
            throw CredentialsError(.invalidConfiguration, provider: "environment", "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not")
        }
        let token = environment["AWS_SESSION_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        return AWSCredentials(accessKeyID: keyID, secretAccessKey: secret, sessionToken: token)
    }
}
