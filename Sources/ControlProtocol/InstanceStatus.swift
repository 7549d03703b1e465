/// One instance's row in a `status` reply.
public struct InstanceStatus: Equatable, Sendable {
    public var name: String
    public var type: String
    /// The running leader, nil between runs.
    public var pid: Int32?
    public var port: Int
    /// `waiting`, `starting`, `running`, `ready`, `stopping`, `stopped`, `backoff` or `exited`.
    public var state: String
    public var restarts: Int
    /// Seconds since the current run started, nil when not running.
    public var uptimeSeconds: Double?
    /// The last run's exit code (128+N for signal N), nil before any run ended.
    public var lastExit: Int32?
    public var cpuPercent: Double?
    public var rssBytes: Int?
    /// The cap on `rssBytes` (`--memory-max`), nil when the type has none.
    public var memoryMax: Int?
    /// The current run's last `STATUS=` (systemd's notify protocol), nil when it sent none.
    public var statusText: String?
    /// While `waiting`: the dependencies not met yet, as `--after` spells them (`web:ready`).
    public var waitingFor: [String]
    /// The current run's health check (`--check`): `pending`, `ok`, `failing 2/3` (counted
    /// failures of the threshold) or `failing` (before it is ready); nil without a check.
    public var check: String?
    /// CPU time (user and system) of the current run's process group so far, in seconds; nil
    /// when not running. It starts again from 0 with each run.
    public var cpuSeconds: Double?
    /// Output lines and their bytes (newlines not counted) read from the instance's stdout and
    /// stderr, over every run since the supervisor started.
    public var outputLines: Int
    public var outputBytes: Int
    /// Lines longer than the line limit, cut into pieces (each cut counts once).
    public var linesCut: Int

    public init(
        name: String, type: String, pid: Int32?, port: Int, state: String, restarts: Int,
        uptimeSeconds: Double?, lastExit: Int32?, cpuPercent: Double?, rssBytes: Int?, memoryMax: Int? = nil, statusText: String? = nil,
        waitingFor: [String] = [], check: String? = nil, cpuSeconds: Double? = nil, outputLines: Int = 0,
        outputBytes: Int = 0, linesCut: Int = 0
    ) {
        self.name = name
        self.type = type
        self.pid = pid
        self.port = port
        self.state = state
        self.restarts = restarts
        self.uptimeSeconds = uptimeSeconds
        self.lastExit = lastExit
        self.cpuPercent = cpuPercent
        self.rssBytes = rssBytes
        self.memoryMax = memoryMax
        self.statusText = statusText
        self.waitingFor = waitingFor
        self.check = check
        self.cpuSeconds = cpuSeconds
        self.outputLines = outputLines
        self.outputBytes = outputBytes
        self.linesCut = linesCut
    }
}
