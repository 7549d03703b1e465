import Foundation

/// A set of AWS credentials. Its `description` never shows the secret parts.
public struct AWSCredentials: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The access key id (`AKIA...` or `ASIA...`).
    public var accessKeyID: String
    /// The secret access key. Never logged.
    public var secretAccessKey: String
    /// The session token of temporary credentials. Never logged.
    public var sessionToken: String?
    /// When temporary credentials expire; `nil` for long-term keys.
    public var expiration: Date?

    /// Creates credentials from their parts.
    public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil, expiration: Date? = nil) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
        self.expiration = expiration
    }

    /// Shows only a masked access key id.
    public var description: String {
        let prefix = accessKeyID.prefix(4)
        return "AWSCredentials(accessKeyID: \(prefix)****, secretAccessKey: <redacted>, sessionToken: \(sessionToken == nil ? "none" : "<redacted>"))"
    }

    /// Same as `description`: the secret never appears in debug output either.
    public var debugDescription: String { description }
}
