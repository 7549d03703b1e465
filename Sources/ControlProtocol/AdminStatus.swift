/// One admin type's row in a `status` reply (`admin`): a type with no instances in the
/// formation (count 0), run by its schedule or by `trigger`, one run at a time.
public struct AdminStatus: Equatable, Sendable {
    /// How the last run ended.
    public struct LastRun: Equatable, Sendable {
        /// When it started, UTC ISO-8601 (`2026-12-07T00:00:03Z`).
        public var started: String
        /// Its exit status, nil when a signal ended it.
        public var exitStatus: Int32?
        /// The signal that ended it (`SIGKILL`), nil when it exited.
        public var signal: String?
        /// How long it ran.
        public var seconds: Double

        public init(started: String, exitStatus: Int32?, signal: String?, seconds: Double) {
            self.started = started
            self.exitStatus = exitStatus
            self.signal = signal
            self.seconds = seconds
        }
    }

    public var type: String
    /// The instance a run is (`backup-job.1`).
    public var instance: String
    /// The five cron fields in UTC (`0 0 * * *`), nil when the type has no schedule.
    public var schedule: String?
    /// The next scheduled run, UTC ISO-8601; nil without a schedule (or one that never comes).
    public var nextRun: String?
    /// The last run that ended, nil before any.
    public var lastRun: LastRun?
    /// The pid of the run going now, nil when none.
    public var running: Int32?
    /// When the run going now started, UTC ISO-8601.
    public var runningSince: String?

    public init(
        type: String, instance: String, schedule: String?, nextRun: String?, lastRun: LastRun?, running: Int32?,
        runningSince: String?
    ) {
        self.type = type
        self.instance = instance
        self.schedule = schedule
        self.nextRun = nextRun
        self.lastRun = lastRun
        self.running = running
        self.runningSince = runningSince
    }

    /// The schedule as people write it: `daily (0 0 * * *)` for the keywords, else the fields.
    public var scheduleText: String? {
        guard let schedule else { return nil }
        guard let keyword = Self.keywords.first(where: { $0.cron == schedule })?.name else { return schedule }
        return "\(keyword) (\(schedule))"
    }

    /// `--schedule`'s keywords and their cron fields (midnight UTC; Sunday for weekly).
    public static let keywords: [(name: String, cron: String)] = [
        ("hourly", "0 * * * *"), ("daily", "0 0 * * *"), ("weekly", "0 0 * * 0"), ("monthly", "0 0 1 * *"),
    ]
}
