import Synchronization

/// Keeps the last derived signing key of a sender, so that signing costs one HMAC instead of
/// five while the day and the credentials stay the same.
public final class SigV4SigningKeyCache: Sendable {
    private let current = Mutex<SigV4SigningKey?>(nil)

    /// An empty cache.
    public init() {}

    /// The cached key if it fits `credentials` and `dateStamp`, else a new one from `derive`.
    func key(for credentials: AWSCredentials, dateStamp: String, derive: () -> SigV4SigningKey) -> SigV4SigningKey {
        if let cached = current.withLock({ $0 }), cached.matches(credentials, dateStamp: dateStamp) {
            return cached
        }
        let fresh = derive()
        current.withLock { $0 = fresh }
        return fresh
    }
}
