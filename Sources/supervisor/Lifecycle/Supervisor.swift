import Glibc

/// Runs a formation: spawns every instance, multiplexes their output to a sink, applies the
/// restart policy, and stops every process group on a signal or when a child exits.
///
/// Everything happens on the calling thread in one epoll loop (signals arrive through a
/// self-pipe), so the state below needs no locks. The only other threads are the C spawner
/// (PDEATHSIG must name a thread that lives as long as we do) and the output writer.
final class Supervisor {
    struct Options {
        var gracePeriodMilliseconds = 5000
        var restart = RestartPolicy.never
        var backoff = Backoff()
        var restartLimit = RestartLimit()
        var directory: String
        var environment: [String: String]
        /// Quiet time after which an unfinished line is shown anyway.
        var partialLineMilliseconds: Int64 = 50
        /// The same for a tail that ends on a stdio buffer boundary (see `ChildStream`).
        var bufferedPartialLineMilliseconds: Int64 = 1000
        /// `--max-line-bytes`: longer lines are emitted in marked pieces (bounded memory).
        var maxLineBytes = LineSplitter.defaultMaxLineBytes
        /// `--journald-direct`: children write to journald stream sockets, not to our pipes.
        var journalDirect = false
        /// `--identifier`: the journald identifier of every child (nil: its process type).
        var journalIdentifier: String?
    }

    /// Why the formation is stopping, which decides the exit status.
    enum StopReason {
        case signal(Int32)
        case childExited(TerminationStatus)
        /// An instance hit the restart limit; its last run ended with this status.
        case gaveUp(TerminationStatus)
        case allFinished
    }

    enum Phase {
        case running
        case stopping(deadline: Int64)
        case finished
    }

    let options: Options
    let sink: LogSink
    var processes: [ManagedProcess]
    var byPid: [pid_t: ManagedProcess] = [:]
    var streams: [Int32: ChildStream] = [:]
    var lingering: [LingeringGroup] = []
    var phase = Phase.running
    var stopReason: StopReason?
    /// Processes that needed SIGKILL during the stop.
    var killedDuringStop = false
    var killSent = false
    /// Stray children (escaped their group) that already got SIGTERM.
    var signaledStrays: Set<pid_t> = []
    var outputPaused = false

    var loop: EventLoop
    var signals: SignalPipe?
    var watchdog: Watchdog?
    var devNull: Int32 = -1
    let readBuffer: UnsafeMutableRawBufferPointer

    static let readChunk = 64 * 1024
    static let backlogHighWater = 128 * 1024
    static let backlogLowWater = 32 * 1024
    /// The output that may wait for a slow reader while the formation stops (see `applyBackpressure`).
    static let stoppingBacklogHighWater = 4 * 1024 * 1024

    init(processes: [ManagedProcess], options: Options, sink: LogSink) throws(SupervisorError) {
        self.processes = processes
        self.options = options
        self.sink = sink
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
        self.signals = signals
        try loop.add(signals.readEnd)
        if getpid() != 1 {
            if !Subreaper.become() {
                sink.event(.warning("cannot become a child subreaper: orphaned grandchildren will be re-parented to init"))
            }
        }
        watchdog = try Watchdog.start(gracePeriodMilliseconds: options.gracePeriodMilliseconds)
        devNull = open("/dev/null", O_RDONLY | O_CLOEXEC)
        if devNull < 0 { throw .systemCall("open", errno, while: "opening /dev/null for the children's stdin") }

        let now = MonotonicClock.nowMilliseconds()
        for process in processes where phase.isRunning {
            start(process, now: now)
        }
        sink.flush()
        while !phase.isFinished {
            let ready = loop.wait(timeout: timeout(now: MonotonicClock.nowMilliseconds()))
            let now = MonotonicClock.nowMilliseconds()
            var readBytes = 0
            var signalled = false
            for fd in ready {
                if fd == signals.readEnd {
                    signalled = true
                    handle(signals: signals.drain(), now: now)
                } else if let stream = streams[fd] {
                    readBytes += read(stream, now: now)
                }
            }
            runTimers(now: now)
            if case .stopping = phase { checkStopped(now: MonotonicClock.nowMilliseconds()) }
            sink.flush()
            applyBackpressure()
            if !signalled, phase.isRunning {
                coalesceTrickle(readBytes: readBytes, now: MonotonicClock.nowMilliseconds())
            }
        }
        finish()
        return exitStatus
    }

    /// The exit status: the child's that stopped the formation, else 0 — or 137 when a stop
    /// asked for by a signal had to SIGKILL something. Giving up is never a success: the last
    /// run's status, or 1 when that run exited cleanly (`--restart always`), so that an outer
    /// manager (systemd's `Restart=on-failure`, ECS) sees the outage.
    var exitStatus: Int32 {
        switch stopReason {
        case .childExited(let status): return status.exitCode
        case .gaveUp(let status): return status.isSuccess ? 1 : status.exitCode
        case .signal: return killedDuringStop ? 128 + SIGKILL : 0
        case .allFinished, nil: return 0
        }
    }

    /// After the last process: read what is left in the pipes, flush, let the watchdog go.
    private func finish() {
        let now = MonotonicClock.nowMilliseconds()
        for stream in Array(streams.values) {
            read(stream, now: now, chunks: Self.drainChunks)
            // `read` closes a stream that reached its end: close only what is still open.
            if streams[stream.fd] === stream { closeStream(stream) }
        }
        watchdog?.finish()
        sink.drain()
    }
}

extension Supervisor.Phase {
    var isRunning: Bool {
        if case .running = self { return true }
        return false
    }

    var isFinished: Bool {
        if case .finished = self { return true }
        return false
    }
}
