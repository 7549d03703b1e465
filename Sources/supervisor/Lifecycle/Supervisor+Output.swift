import Glibc

extension Supervisor {
    /// Reads one chunk (or everything available, at exit or shutdown) and emits complete lines.
    func read(_ stream: ChildStream, now: Int64, untilEmpty: Bool) {
        let sink = self.sink
        let source = stream.source
        repeat {
            let n = Glibc.read(stream.fd, readBuffer.baseAddress, readBuffer.count)
            if n > 0 {
                stream.lastDataAt = now
                stream.splitter.feed(UnsafeRawBufferPointer(start: readBuffer.baseAddress, count: n)) { line in
                    sink.line(line, from: source)
                }
            } else if n == 0 {
                closeStream(stream)
                return
            } else if errno == EINTR {
                continue
            } else {
                // EAGAIN: nothing more for now. Any other error ends the stream.
                if errno != EAGAIN { closeStream(stream) }
                return
            }
        } while untilEmpty
    }

    /// End of file: the last unfinished line is emitted, never dropped.
    func closeStream(_ stream: ChildStream) {
        let sink = self.sink
        let source = stream.source
        stream.splitter.flushPartial { sink.line($0, from: source) }
        loop.remove(stream.fd)
        close(stream.fd)
        streams[stream.fd] = nil
    }

    /// Shows unfinished lines after `partialLineMilliseconds` of quiet.
    func flushQuietPartialLines(now: Int64) {
        let sink = self.sink
        for stream in streams.values
        where stream.splitter.hasPartialLine && now - stream.lastDataAt >= options.partialLineMilliseconds {
            let source = stream.source
            stream.splitter.flushPartial { sink.line($0, from: source) }
        }
    }

    /// Stops reading the children while the output is far behind (a paused terminal, a slow
    /// pipe): they block on their own pipes instead of the supervisor growing without bound.
    func applyBackpressure() {
        let backlog = sink.backlog
        if !outputPaused && backlog > Self.backlogHighWater {
            outputPaused = true
            for fd in streams.keys { loop.setEnabled(fd, false) }
        } else if outputPaused && backlog < Self.backlogLowWater {
            outputPaused = false
            for fd in streams.keys { loop.setEnabled(fd, true) }
        }
    }
}
