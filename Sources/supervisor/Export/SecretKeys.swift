/// Decides which `.env` keys are secrets. A key is secret when `--secret` names it, or when its
/// name contains SECRET, PASSWORD, PASSWD, TOKEN, KEY, CREDENTIAL or PRIVATE (any case) and
/// `--public` does not name it. Secret values are never written into ECS or Kubernetes files:
/// those reference them (SSM parameters, a Kubernetes Secret) instead.
enum SecretKeys {
    static let patterns = ["SECRET", "PASSWORD", "PASSWD", "TOKEN", "KEY", "CREDENTIAL", "PRIVATE"]

    static func isSecret(_ key: String, marked: [String], public: [String]) -> Bool {
        if marked.contains(key) { return true }
        if `public`.contains(key) { return false }
        let upper = key.uppercased()
        return patterns.contains { upper.contains($0) }
    }
}
