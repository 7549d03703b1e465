import Glibc
import Procfile

/// `supervisor start`: runs a formation. The decisions are the `Lifecycle`'s; this class is
/// its hands and eyes: it spawns every instance with its pipes, multiplexes their output to a
/// sink, delivers signals, exits and timer ticks to the lifecycle and carries out its actions.
///
/// Everything happens on the calling thread in one epoll loop (signals arrive through a
/// self-pipe), so the state below needs no locks. The only other threads are the C spawner
/// (PDEATHSIG must name a thread that lives as long as we do) and the output writer.
final class FormationRunner {
    struct Options {
        var lifecycle = Lifecycle.Options()
        var directory: String
        var environment: [String: String]
        /// Quiet time after which an unfinished line is shown anyway.
        var partialLine: Milliseconds = 50
        /// The same for a tail that ends on a stdio buffer boundary (see `ChildStream`).
        var bufferedPartialLine: Milliseconds = 1000
        /// `--max-line-bytes`: longer lines are emitted in marked pieces (bounded memory).
        var maxLineBytes = LineSplitter.defaultMaxLineBytes
        /// `--journald-direct`: children write to journald stream sockets, not to our pipes.
        var journalDirect = false
        /// `--identifier`: the journald identifier of every child (nil: its process type).
        var journalIdentifier: String?
        /// The control socket's path (nil: none); `scale` needs the Procfile and the base port.
        var controlPath: String?
        /// Where the sockets' lock and notify socket are named from: the control path, or the
        /// one it would have without `--control none`.
        var socketBase: String
        /// Whether the sockets' directory is one we derive (held to `SocketDirectory.Rule.private`).
        var privateSocketDirectory = false
        var procfile: Procfile?
        var basePort = 5000
        /// The children's `NOTIFY_SOCKET` (nil: none).
        var notifyPath: String?
        /// `--socket`: types whose instances share one listening socket on their port.
        var sockets: [String] = []
        /// The supervisor's own environment, for its manager's `NOTIFY_SOCKET` and watchdog.
        var managerEnvironment: [String: String] = [:]
        /// What `start` read, and how to read it again for `reload` (nil: no reload).
        var spec: FormationSpec?
        var reread: (() throws(Project.LoadError) -> FormationSpec)?
        /// `--watch`: each watched type's absolute paths (see `FormationRunner+Watch`).
        var watches: [String: [String]] = [:]
    }

    /// `reload` replaces the environment, the Procfile and the policy (see `FormationRunner+Reload`).
    var options: Options
    let sink: LogSink
    var lifecycle: Lifecycle
    var streams: [Int32: ChildStream] = [:]
    /// Output counted per instance over its closed streams (`status`; open ones are added to it).
    var outputTotals: [String: OutputCount] = [:]
    var outputPaused = false
    /// The last lines of every instance, for `supervisor logs`.
    let logRing = LogRing()
    var controlServer: ControlServer?
    /// Held from the sockets' check to the end (see `SocketLock`); nil when another start holds it.
    var socketLock: SocketLock?
    /// CPU time of each group at the last `status`, for the CPU % since then.
    var cpuSamples: [pid_t: (ticks: Int, at: Milliseconds)] = [:]
    /// Readiness (see `FormationRunner+Readiness`).
    var notifySocket: NotifySocket?
    var listenSockets: [String: ListenSocket] = [:]
    var manager: ManagerNotifier?
    var announcedReady = false
    var announcedStopping = false
    var notificationsIgnored = 0
    var managerDue: Milliseconds?
    /// Restart requests waiting for their answer, and the rolls aborted meanwhile.
    var pendingRestarts: [PendingRestart] = []
    var rollAborts: [String] = []
    /// Admin types' runs: schedules, triggers waiting, last runs (see `FormationRunner+Jobs`).
    var jobs = FormationJobs()
    /// Health checks in flight (see `FormationRunner+Checks`).
    let checks = CheckProbes()
    /// `--watch`: the inotify watches and each watched type's debounce (see `FormationRunner+Watch`).
    var watchedPaths: WatchedPaths?
    var watchDebounces: [String: WatchDebounce] = [:]

    var loop: EventLoop
    var control: ProcessControl?
    var devNull: Int32 = -1
    let readBuffer: UnsafeMutableRawBufferPointer

    static let readChunk = 64 * 1024
    static let backlogHighWater = 128 * 1024
    static let backlogLowWater = 32 * 1024
    /// The output that may wait for a slow reader while the formation stops (see `applyBackpressure`).
    static let stoppingBacklogHighWater = 4 * 1024 * 1024
    /// While reading is paused for a slow reader, how often to look whether it caught up.
    static let pausedOutputPoll: Milliseconds = 2
    /// While a control client has output waiting (its socket is full), how often to try again.
    static let controlOutputPoll: Milliseconds = 10

    init(instances: [SupervisedInstance], options: Options, sink: LogSink) throws(SupervisorError) {
        lifecycle = Lifecycle(instances: instances, options: options.lifecycle)
        self.options = options
        self.sink = options.controlPath == nil ? sink : TeeSink(sink, logRing)
        loop = try EventLoop()
        readBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.readChunk, alignment: 16)
    }

    deinit {
        readBuffer.deallocate()
        if devNull >= 0 { close(devNull) }
    }

    /// Runs until the formation has stopped; returns the supervisor's exit status.
    func run() throws(SupervisorError) -> Int32 {
        let signals = try SignalPipe.install(SignalPipe.handled + SignalPipe.jobControl)
        try loop.add(signals.readEnd)
        let sinkWake = sink.wakeFD
        if sinkWake >= 0 { try loop.add(sinkWake) }
        if getpid() != 1 && !Subreaper.become() {
            sink.event(.warning("cannot become a child subreaper: orphaned grandchildren will be re-parented to init"))
        }
        control = try ProcessControl.start()
        devNull = open("/dev/null", O_RDONLY | O_CLOEXEC)
        if devNull < 0 { throw .systemCall("open", errno, while: "opening /dev/null for the children's stdin") }
        try openControlSocket()
        try openReadiness()
        openWatches()

        let start = MonotonicClock.nowMilliseconds()
        perform(lifecycle.handle(.begin(now: start)), now: start)
        tick(now: start)
        sink.flush()
        while !lifecycle.isFinished {
            let ready = loop.wait(timeout: timeout(now: MonotonicClock.nowMilliseconds()))
            let now = MonotonicClock.nowMilliseconds()
            var readBytes = 0
            var signalled = false
            for fd in ready {
                if fd == signals.readEnd {
                    signalled = true
                    deliver(signals.drain(), now: now)
                } else if let stream = streams[fd] {
                    readBytes += read(stream, now: now)
                } else if fd == sinkWake {
                    sinkCaughtUp(fd)
                } else if fd == notifySocket?.fd {
                    receiveNotifications(now: now)
                } else if fd == watchedPaths?.fd {
                    readWatches(now: now)
                } else if checks.owns(fd) {
                    advanceCheck(fd, now: now)
                } else {
                    serveControl(fd, now: now)
                }
            }
            flushQuietPartialLines(now: now)
            tick(now: MonotonicClock.nowMilliseconds())
            sampleMemory(now: MonotonicClock.nowMilliseconds())
            restartWatched(now: MonotonicClock.nowMilliseconds())
            sink.flush()
            serveControlRequests(now: MonotonicClock.nowMilliseconds())
            applyBackpressure()
            if !signalled, lifecycle.isRunning {
                coalesceTrickle(readBytes: readBytes, now: MonotonicClock.nowMilliseconds())
            }
        }
        finish()
        return lifecycle.exitStatus ?? 0
    }

    /// After the last process: read what is left in the pipes, flush, let the watchdog go.
    private func finish() {
        let now = MonotonicClock.nowMilliseconds()
        for stream in Array(streams.values) {
            read(stream, now: now, chunks: Self.drainChunks)
            // `read` closes a stream that reached its end: close only what is still open.
            if streams[stream.fd] === stream { closeStream(stream) }
        }
        control?.finish()
        for socket in listenSockets.values { close(socket.fd) }
        sink.drain()
        controlServer?.shutdown(now: now)
    }
}
