/// systemd's start rate limit (`StartLimitBurst=` within `StartLimitIntervalSec=`): an instance
/// may start at most `burst` times within `interval`; the restart that would exceed it gives up.
/// `--restart-limit N/SECONDS`, default 10/60 as systemd's.
struct RestartLimit: Sendable, Equatable {
    var burst = 10
    var intervalMilliseconds: Int64 = 60_000

    /// Whether one more start at `now` stays within the limit, given the earlier starts' times.
    func allowsStart(after starts: [Int64], now: Int64) -> Bool {
        starts.count(where: { now - $0 < intervalMilliseconds }) < burst
    }

    /// `starts` plus `now`, keeping only what can still matter (the last `burst` starts).
    func recording(_ now: Int64, in starts: [Int64]) -> [Int64] {
        Array((starts + [now]).suffix(burst))
    }

    /// `N/SECONDS`, e.g. `10/60` or `5/0.5`; nil when malformed (N from 1, SECONDS above 0, at most a day).
    init?(argument: String) {
        let parts = argument.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let burst = Int(parts[0]), burst >= 1, burst <= 1_000_000,
              let seconds = Double(parts[1]), seconds > 0, seconds <= 86_400 else { return nil }
        self.burst = burst
        intervalMilliseconds = max(1, Int64(seconds * 1000))
    }

    init() {}

    /// `10 starts within 60s`, as the give-up message shows it.
    var description: String {
        "\(burst) starts within \(SupervisorEvent.seconds(Int(intervalMilliseconds)))"
    }

    /// The flag's own spelling, e.g. `10/60` or `5/0.5`.
    var argument: String {
        "\(burst)/\(SecondsText.of(intervalMilliseconds))"
    }
}
