import Glibc

extension FormationRunner {
    /// Reads up to `chunks` reads of 64 KiB (stopping early when the pipe is empty) and emits
    /// complete lines, as runs where it can (one call per read, not per line: see `LogSink.lines`).
    /// One chunk per wake-up keeps the children fair; more drains a stream whose process has
    /// exited (bounded: a background job may still be writing to it).
    /// Returns the number of bytes read.
    @discardableResult
    func read(_ stream: ChildStream, now: Milliseconds, chunks: Int = 1) -> Int {
        let sink = self.sink
        let source = stream.source
        var total = 0
        for _ in 0..<chunks {
            let n = Glibc.read(stream.fd, readBuffer.baseAddress, readBuffer.count)
            if n > 0 {
                total += n
                stream.lastDataAt = now
                stream.received &+= n
                stream.splitter.feed(
                    UnsafeRawBufferPointer(start: readBuffer.baseAddress, count: n),
                    lines: { run in
                        let count = LineSplitter.lineCount(in: run)
                        stream.count(lines: count, bytes: run.count - count)
                        sink.lines(run, count: count, from: source)
                    },
                    line: { line in
                        stream.count(line)
                        sink.line(line, from: source)
                    })
            } else if n == 0 {
                closeStream(stream)
                return total
            } else if errno == EINTR {
                continue
            } else {
                // EAGAIN: nothing more for now. Any other error ends the stream.
                if errno != EAGAIN { closeStream(stream) }
                return total
            }
        }
        return total
    }

    /// After a turn that read only a little output (a web server's access log: one short line
    /// per request, one wake-up per line), waits up to `coalesceMilliseconds` before the next
    /// turn so that the next one reads many lines at once: a thousand wake-ups and hand-offs to
    /// the writer thread per second at most, instead of one per line. A signal ends the pause
    /// early (it interrupts `nanosleep` on this thread; the other threads block signals), and
    /// the pause never runs past a due timer.
    func coalesceTrickle(readBytes: Int, now: Milliseconds) {
        guard readBytes > 0, readBytes < Self.coalesceBelowBytes, !outputPaused else { return }
        let due = timeout(now: now)
        let pause = due < 0 ? Self.coalesceMilliseconds : min(Milliseconds(due), Self.coalesceMilliseconds)
        guard pause > 0 else { return }
        var request = timespec(tv_sec: 0, tv_nsec: Int(pause) * 1_000_000)
        _ = nanosleep(&request, nil)
    }

    /// A turn that read less than this is a trickle (see `coalesceTrickle`).
    static let coalesceBelowBytes = 4096
    /// The longest a line waits in the pipe for company: well below what a person notices.
    static let coalesceMilliseconds: Milliseconds = 1

    /// Enough reads to empty a full pipe several times over.
    static let drainChunks = 64

    /// End of file: the last unfinished line is emitted, never dropped.
    func closeStream(_ stream: ChildStream) {
        let sink = self.sink
        let source = stream.source
        stream.splitter.flushPartial {
            stream.count($0)
            sink.line($0, from: source)
        }
        outputTotals[source.instance, default: OutputCount()].add(stream.counted)
        loop.remove(stream.fd)
        close(stream.fd)
        streams[stream.fd] = nil
    }

    /// Shows unfinished lines after `partialLineMilliseconds` of quiet. Not while reading is
    /// paused: that quiet is ours, and the line's end may be waiting in the pipe.
    func flushQuietPartialLines(now: Milliseconds) {
        guard !outputPaused else { return }
        let sink = self.sink
        for stream in streams.values
        where stream.splitter.hasPartialLine && now - stream.lastDataAt >= partialLineDelay(stream) {
            let source = stream.source
            stream.splitter.flushPartial {
                stream.count($0)
                sink.line($0, from: source)
            }
        }
    }

    func partialLineDelay(_ stream: ChildStream) -> Milliseconds {
        stream.partialLineDelay(quiet: options.partialLine, buffered: options.bufferedPartialLine)
    }

    /// Stops reading the children while the output is far behind (a paused terminal, a slow
    /// pipe): they block on their own pipes instead of the supervisor growing without bound. The
    /// sink wakes the loop once the backlog is below the low mark (`LogSink.wakeFD`); the loop
    /// also looks every `pausedOutputPoll`.
    /// While stopping, the bound is higher: a child that logs in its TERM handler must not block
    /// on a pipe we no longer read (and be SIGKILLed at the end of the grace period for it).
    func applyBackpressure() {
        let backlog = sink.backlog
        let high = lifecycle.isRunning ? Self.backlogHighWater : Self.stoppingBacklogHighWater
        let low = lifecycle.isRunning ? Self.backlogLowWater : Self.stoppingBacklogHighWater / 2
        if !outputPaused && backlog > high {
            outputPaused = true
            for fd in streams.keys { loop.setEnabled(fd, false) }
            sink.wake(below: low)
        } else if outputPaused && backlog < low {
            outputPaused = false
            for fd in streams.keys { loop.setEnabled(fd, true) }
        } else if outputPaused {
            sink.wake(below: low)
        }
    }

    /// The sink's output caught up while reading was paused: the turn's `applyBackpressure`
    /// resumes reading.
    func sinkCaughtUp(_ fd: Int32) {
        var count: UInt64 = 0
        _ = Glibc.read(fd, &count, MemoryLayout<UInt64>.size)
    }
}
