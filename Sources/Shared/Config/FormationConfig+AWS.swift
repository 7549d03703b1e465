extension FormationConfig {
    /// The retry strategy that `AWS_MAX_ATTEMPTS` asks for (standard mode otherwise).
    public var retryStrategy: RetryStrategy {
        RetryStrategy(maxAttempts: maxAttempts)
    }

    /// The per-request timeout that `AWS_REQUEST_TIMEOUT_SECONDS` asks for.
    public var requestTimeout: Duration {
        .milliseconds(Int64((requestTimeoutSeconds * 1000).rounded()))
    }
}
