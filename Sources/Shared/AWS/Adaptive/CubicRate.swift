import Foundation

/// The rate curve of the SDKs' adaptive retry mode (botocore's `CubicCalculator`, CUBIC
/// congestion control): a throttle cuts the send rate to `beta` of what was measured, then the
/// rate grows back along a cubic that reaches the rate of the last throttle after `k` seconds
/// and probes beyond it. Pure: times are seconds on the caller's monotonic clock.
struct CubicRate: Sendable, Equatable {
    /// How fast the curve grows (0.4 in the SDKs).
    static let scaleConstant = 0.4
    /// The fraction of the measured rate kept after a throttle (0.7 in the SDKs).
    static let beta = 0.7

    /// The rate at the last throttle (`W_max`).
    private(set) var maxRate: Double
    /// When the last throttle came.
    private(set) var lastThrottle: Double
    /// Seconds after a throttle at which the curve is back at ``maxRate``.
    private(set) var k: Double

    init(startingMaxRate: Double = 0, start: Double) {
        maxRate = startingMaxRate
        lastThrottle = start
        k = Self.zeroPoint(startingMaxRate)
    }

    /// The rate allowed at `now` after an answer that was not a throttle.
    func successReceived(at now: Double) -> Double {
        let elapsed = now - lastThrottle - k
        return Self.scaleConstant * elapsed * elapsed * elapsed + maxRate
    }

    /// A throttle at `now` while sending at `rate`: the new, lower rate.
    mutating func throttleReceived(rate: Double, at now: Double) -> Double {
        maxRate = rate
        k = Self.zeroPoint(rate)
        lastThrottle = now
        return rate * Self.beta
    }

    private static func zeroPoint(_ rate: Double) -> Double {
        cbrt(rate * (1 - beta) / scaleConstant)
    }
}
