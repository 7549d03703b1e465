/// The measured send rate of the SDKs' adaptive retry mode (botocore's `RateClocker`): answers
/// are counted in half-second buckets, and each finished bucket moves the rate 80% of the way
/// to the bucket's own rate. Pure: times are seconds on the caller's monotonic clock.
struct SendRateMeter: Sendable, Equatable {
    /// The weight of the newest bucket (0.8 in the SDKs).
    static let smoothing = 0.8
    /// The length of a bucket in seconds (0.5 in the SDKs).
    static let bucketSeconds = 0.5

    /// Requests per second, smoothed.
    private(set) var rate = 0.0
    private var lastBucket: Double
    private var count = 0

    init(start: Double) {
        lastBucket = start.rounded(.down)
    }

    /// Counts one answer at `now`; returns the measured rate.
    mutating func record(at now: Double) -> Double {
        let bucket = (now / Self.bucketSeconds).rounded(.down) * Self.bucketSeconds
        count += 1
        if bucket > lastBucket {
            let current = Double(count) / (bucket - lastBucket)
            rate = current * Self.smoothing + rate * (1 - Self.smoothing)
            count = 0
            lastBucket = bucket
        }
        return rate
    }
}
