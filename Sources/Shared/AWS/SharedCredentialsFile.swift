/// The INI-style shared credentials file (`~/.aws/credentials`), parsed purely.
public enum SharedCredentialsFile {
    /// The `key = value` pairs of each `[profile]` section. Comments (`#`, `;`) and blank lines are
    /// skipped; keys are lowercased.
    public static func parse(_ text: String) -> [String: [String: String]] {
        var profiles: [String: [String: String]] = [:]
        var current: String?
        for rawLine in text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) {
            let line = rawLine.trimmingWhitespace()
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("["), line.hasSuffix("]") {
                var name = String(line.dropFirst().dropLast()).trimmingWhitespace()
                if name.hasPrefix("profile ") { name = String(name.dropFirst("profile ".count)).trimmingWhitespace() }
                current = name
                profiles[name, default: [:]] = profiles[name] ?? [:]
                continue
            }
            guard let profile = current, let equals = line.firstIndex(of: "=") else { continue }
            let key = String(line[..<equals]).trimmingWhitespace().lowercased()
            let value = String(line[line.index(after: equals)...]).trimmingWhitespace()
            profiles[profile, default: [:]][key] = value
        }
        return profiles
    }

    /// The credentials of `profile` in the file's `text`.
    public static func credentials(in text: String, profile: String) throws(CredentialsError) -> AWSCredentials {
        guard let section = parse(text)[profile] else {
            throw CredentialsError(.notConfigured, provider: "shared-file", "profile \"\(profile)\" is not in the credentials file")
        }
        guard let keyID = section["aws_access_key_id"], !keyID.isEmpty,
              let secret = section["aws_secret_access_key"], !secret.isEmpty else {
            throw CredentialsError(.invalidConfiguration, provider: "shared-file",
                                   "profile \"\(profile)\" lacks aws_access_key_id or aws_secret_access_key")
        }
        let token = section["aws_session_token"].flatMap { $0.isEmpty ? nil : $0 }
        return AWSCredentials(accessKeyID: keyID, secretAccessKey: secret, sessionToken: token)
    }
}

extension StringProtocol {
    func trimmingWhitespace() -> String {
        var view = Substring(self)
        while let first = view.first, first == " " || first == "\t" { view = view.dropFirst() }
        while let last = view.last, last == " " || last == "\t" { view = view.dropLast() }
        return String(view)
    }
}
