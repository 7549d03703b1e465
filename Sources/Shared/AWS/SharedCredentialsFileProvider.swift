import Foundation

/// Credentials from the shared credentials file: `AWS_SHARED_CREDENTIALS_FILE` (default
/// `~/.aws/credentials`), profile `AWS_PROFILE` (default `default`).
public struct SharedCredentialsFileProvider: AWSCredentialsProvider {
    /// The file read.
    public let path: String
    /// The profile used.
    public let profile: String

    /// Resolves the path and profile from `environment`.
    public init(environment: [String: String]) {
        let home = environment["HOME"] ?? NSHomeDirectory()
        let configured = environment["AWS_SHARED_CREDENTIALS_FILE"].flatMap { $0.isEmpty ? nil : $0 }
        var path = configured ?? "\(home)/.aws/credentials"
        if path.hasPrefix("~/") { path = home + path.dropFirst() }
        self.path = path
        self.profile = environment["AWS_PROFILE"].flatMap { $0.isEmpty ? nil : $0 } ?? "default"
    }

    /// Reads the file each call (it is small); `.notConfigured` when it does not exist.
    public func credentials() async throws(CredentialsError) -> AWSCredentials {
        guard FileManager.default.fileExists(atPath: path) else {
            throw CredentialsError(.notConfigured, provider: "shared-file", "no credentials file at \(path)")
        }
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw CredentialsError(.fileUnreadable, provider: "shared-file", "cannot read \(path)")
        }
        return try SharedCredentialsFile.credentials(in: text, profile: profile)
    }
}
