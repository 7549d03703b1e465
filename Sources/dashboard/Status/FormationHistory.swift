import ControlProtocol

/// The last `capacity` CPU and RSS samples of each instance, for the sparklines; pure and
/// bounded (an instance that leaves the formation leaves the history).
struct FormationHistory: Equatable, Sendable {
    /// One poll's figures of one instance (nil: not running then).
    struct Sample: Equatable, Sendable {
        var cpuPercent: Double?
        var rssBytes: Int?
    }

    /// Samples kept per instance: at one poll a second, the last minutes.
    let capacity: Int
    /// Oldest first, by instance name.
    private(set) var samples: [String: [Sample]] = [:]

    init(capacity: Int) {
        precondition(capacity > 0, "a history keeps at least one sample")
        self.capacity = capacity
    }

    /// Adds one poll's rows; instances no longer listed are forgotten.
    mutating func record(_ rows: [InstanceStatus]) {
        var next: [String: [Sample]] = [:]
        for row in rows {
            var series = samples[row.name] ?? []
            series.append(Sample(cpuPercent: row.cpuPercent, rssBytes: row.rssBytes))
            if series.count > capacity { series.removeFirst(series.count - capacity) }
            next[row.name] = series
        }
        samples = next
    }
}
