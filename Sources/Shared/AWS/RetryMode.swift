/// The SDKs' retry modes (`AWS_RETRY_MODE`): a struct with static members, so that new modes do
/// not break callers.
public struct RetryMode: Sendable, Hashable, CustomStringConvertible {
    /// `standard` or `adaptive`.
    public let name: String

    private init(_ name: String) { self.name = name }

    /// Retries with backoff only.
    public static let standard = RetryMode("standard")
    /// Retries with backoff, and a client-side token bucket that slows sending once throttled.
    public static let adaptive = RetryMode("adaptive")

    /// The name.
    public var description: String { name }
}
