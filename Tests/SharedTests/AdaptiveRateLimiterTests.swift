import Shared
import Testing

/// The adaptive retry mode's rate limiter as a value, with the SDKs' constants: idle until
/// throttled, then a token bucket whose rate is cut on each throttle and grows back on successes.
@Suite("AdaptiveRateLimiter: the SDKs' adaptive mode as a value")
struct AdaptiveRateLimiterTests {
    /// Sends `count` successful requests evenly over `seconds`, starting at `start`; returns the end time.
    static func succeed(_ limiter: inout AdaptiveRateLimiter, count: Int, over seconds: Double, from start: Double) -> Double {
        for index in 0..<count {
            let now = start + seconds * Double(index) / Double(count)
            #expect(limiter.acquire(at: now) == 0)
            limiter.record(throttled: false, at: now)
        }
        return start + seconds
    }

    /// A limiter that sent 100 req/s for 3 s (the measured rate converges on 100: half-second
    /// buckets, smoothing 0.8) and was throttled at the end; and that time.
    static func throttledAt100() -> (AdaptiveRateLimiter, Double) {
        var limiter = AdaptiveRateLimiter(start: 0)
        let now = succeed(&limiter, count: 300, over: 3, from: 0)
        limiter.record(throttled: true, at: now)
        return (limiter, now)
    }

    @Test("nothing waits before the first throttle, however fast the client sends")
    func idleUntilThrottled() {
        var limiter = AdaptiveRateLimiter(start: 0)
        _ = Self.succeed(&limiter, count: 10_000, over: 2, from: 0)
        #expect(!limiter.isEnabled)
    }

    @Test("a throttle at 100 req/s cuts the rate to 70 (beta 0.7); callers then wait their turn")
    func throttleCutsTheRate() {
        let (throttled, now) = Self.throttledAt100()
        var limiter = throttled
        #expect(limiter.isEnabled)
        #expect(abs(limiter.sendRate - 70) < 1, "rate \(limiter.sendRate)")
        // The bucket holds what was left (capped at 70 tokens after the cut); then each waits 1/70 s more.
        var waits: [Double] = []
        for _ in 0..<200 { waits.append(limiter.acquire(at: now)) }
        #expect(waits.first == 0)
        #expect(waits.last ?? 0 > 1, "the 200th request of one instant waits more than a second")
        #expect(zip(waits, waits.dropFirst()).allSatisfy { $0 <= $1 })
    }

    @Test("after a throttle the rate grows back along the cubic with successes, past the old rate (botocore: 100.4 req/s at 5.2 s, 121.6 at 8 s)")
    func recovers() {
        var (limiter, now) = Self.throttledAt100()
        let cut = limiter.sendRate
        // A client that sends as fast as the limiter lets it, at most 200 req/s, for 8 s.
        let end = now + 8
        var rateAfterOneSecond = 0.0
        while now < end {
            now += max(limiter.acquire(at: now), 0.005)
            limiter.record(throttled: false, at: now)
            if now < 4 { rateAfterOneSecond = limiter.sendRate }
        }
        #expect(rateAfterOneSecond > cut && rateAfterOneSecond < 100, "\(rateAfterOneSecond)")
        #expect(abs(limiter.sendRate - 121.6) < 1, "\(limiter.sendRate)")
    }

    @Test("a second throttle while limited cuts from the limited rate, not the measured one")
    func repeatedThrottles() {
        let (throttled, now) = Self.throttledAt100()
        var limiter = throttled
        let first = limiter.sendRate
        limiter.record(throttled: true, at: now + 0.1)
        #expect(limiter.sendRate < first)
        #expect(abs(limiter.sendRate - first * 0.7) < 1, "rates \(first) then \(limiter.sendRate)")
    }
}
