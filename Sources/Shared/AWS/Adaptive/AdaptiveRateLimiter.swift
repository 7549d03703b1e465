/// The client-side rate limiter of the AWS SDKs' adaptive retry mode, as a value: nothing is
/// limited until the service throttles; from the first throttle on, every attempt takes a token
/// from a bucket whose rate follows ``CubicRate`` (cut on each throttle, grown back on
/// successes) and is never more than twice the measured send rate. Pure: `now` is seconds on
/// the caller's monotonic clock; ``ClientRateLimiter`` carries out the waits.
public struct AdaptiveRateLimiter: Sendable, Equatable {
    /// The most the bucket's rate may exceed the measured send rate by (2 in the SDKs).
    static let maxRateAdjustScale = 2.0

    /// Whether a throttle has been seen (the bucket is used from then on).
    public private(set) var isEnabled = false
    private var cubic: CubicRate
    private var meter: SendRateMeter
    private var bucket: SendTokenBucket

    /// A limiter that starts at `now`.
    public init(start now: Double) {
        cubic = CubicRate(start: now)
        meter = SendRateMeter(start: now)
        bucket = SendTokenBucket(maxRate: 1, at: now)
    }

    /// The bucket's rate in requests a second (meaningful once enabled).
    public var sendRate: Double { bucket.fillRate }

    /// Before an attempt at `now`: how many seconds to wait before sending it.
    public mutating func acquire(at now: Double) -> Double {
        isEnabled ? bucket.acquire(at: now) : 0
    }

    /// After an attempt's answer at `now` (or its failure to get one).
    public mutating func record(throttled: Bool, at now: Double) {
        let measured = meter.record(at: now)
        let newRate: Double
        if throttled {
            let current = isEnabled ? min(measured, bucket.maxRate) : measured
            newRate = cubic.throttleReceived(rate: current, at: now)
            isEnabled = true
        } else {
            newRate = cubic.successReceived(at: now)
        }
        bucket.setMaxRate(min(newRate, Self.maxRateAdjustScale * measured), at: now)
    }
}
