/// The AWS SDKs' standard and adaptive retry modes: a bounded number of attempts, exponential
/// backoff with full jitter capped at `maxBackoff`, and retries only for throttling, transient
/// (5xx) and connection errors. In adaptive mode the sender also rate-limits itself once
/// throttled (``ClientRateLimiter``).
public struct RetryStrategy: Sendable {
    /// Standard or adaptive.
    public var mode: RetryMode
    /// Attempts in all, the first included (3 in standard mode).
    public var maxAttempts: Int
    /// The backoff base: attempt `n` (from 1) waits a random time in `0...min(base * 2^(n-1), maxBackoff)`.
    public var baseDelay: Duration
    /// The cap of one backoff (20 s in standard mode).
    public var maxBackoff: Duration
    /// A random fraction in `0..<1`; replaceable for deterministic tests.
    public var random: @Sendable () -> Double

    /// Standard mode: 3 attempts, base 1 s, cap 20 s, full jitter.
    public static let standard = RetryStrategy()
    /// Adaptive mode: standard's attempts and backoff, plus a client-side rate limiter.
    public static let adaptive = RetryStrategy(mode: .adaptive)

    /// Creates a strategy.
    public init(
        maxAttempts: Int = 3,
        baseDelay: Duration = .seconds(1),
        maxBackoff: Duration = .seconds(20),
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
        mode: RetryMode = .standard
    ) {
        self.mode = mode
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxBackoff = maxBackoff
        self.random = random
    }

    /// The codes that mean "slow down".
    public static let throttlingCodes: Set<String> = [
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
        "TooManyRequestsException", "ProvisionedThroughputExceededException", "TransactionInProgressException",
        "RequestLimitExceeded", "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled",
        "SlowDown", "PriorRequestNotComplete", "EC2ThrottledException",
    ]

    /// The codes that mean "try again".
    public static let transientCodes: Set<String> = ["RequestTimeout", "RequestTimeoutException", "InternalServerError", "ServiceUnavailable"]

    /// Whether `error` asks the client to slow down (what adaptive mode reacts to).
    public func isThrottling(_ error: AWSError) -> Bool {
        Self.throttlingCodes.contains(error.code.name)
    }

    /// Whether `error` is worth another attempt.
    public func isRetryable(_ error: AWSError) -> Bool {
        if error.code == .timeout || error.code == .connectionFailed { return true }
        if Self.throttlingCodes.contains(error.code.name) || Self.transientCodes.contains(error.code.name) { return true }
        if let status = error.statusCode, [500, 502, 503, 504].contains(status) { return true }
        return false
    }

    /// The wait before attempt `attempt + 1`, after `attempt` failures (from 1).
    public func backoff(afterAttempt attempt: Int) -> Duration {
        let exponent = min(max(attempt - 1, 0), 30)
        let ceiling = min(baseDelay * (1 << exponent), maxBackoff)
        let fraction = min(max(random(), 0), 1)
        return ceiling * fraction
    }
}
