import Glibc

extension Supervisor {
    /// Starts one run of `process` with its own stdout and stderr pipes.
    func start(_ process: ManagedProcess, now: Int64) {
        if options.journalDirect {
            startDirect(process, now: now)
            return
        }
        let out: Pipe
        let err: Pipe
        do {
            out = try Pipe.make()
        } catch {
            startFailed(process, reason: error.description, now: now)
            return
        }
        do {
            err = try Pipe.make()
        } catch {
            // EMFILE on the second pipe: the first one's descriptors must not leak.
            close(out.readEnd)
            close(out.writeEnd)
            startFailed(process, reason: error.description, now: now)
            return
        }
        guard let pid = spawn(process, stdout: out.writeEnd, stderr: err.writeEnd, now: now) else {
            for fd in [out.readEnd, err.readEnd] { close(fd) }
            return
        }
        attach(out.readEnd, to: process, pid: pid, stream: .stdout, now: now)
        attach(err.readEnd, to: process, pid: pid, stream: .stderr, now: now)
        sink.event(.spawned(instance: process.name, pid: pid, port: process.port))
    }

    /// `--journald-direct`: the child's stdout and stderr are journald stream sockets; the
    /// supervisor reads nothing from it.
    private func startDirect(_ process: ManagedProcess, now: Int64) {
        let streams: JournalStreams
        do {
            streams = try JournalStreams.open(identifier: options.journalIdentifier ?? process.type)
        } catch {
            startFailed(process, reason: error.description, now: now)
            return
        }
        // As systemd does: JOURNAL_STREAM names the stream (stderr's, when both are streams), so
        // the child knows its output already is the journal.
        let stream = FileIdentity.of(fd: streams.stderr).map { ["JOURNAL_STREAM": "\($0.device):\($0.inode)"] } ?? [:]
        guard let pid = spawn(process, stdout: streams.stdout, stderr: streams.stderr, extraEnvironment: stream, now: now) else { return }
        sink.event(.spawned(instance: process.name, pid: pid, port: process.port))
    }

    /// Spawns `process` with the given output descriptors, which it closes in any case;
    /// nil (and the failure reported) when the spawn failed.
    private func spawn(_ process: ManagedProcess, stdout: Int32, stderr: Int32, extraEnvironment: [String: String] = [:], now: Int64) -> pid_t? {
        var environment = options.environment
        environment["PORT"] = String(process.port)
        environment["PS"] = process.name
        environment.merge(extraEnvironment) { $1 }
        let request = ProcessSpawner.Request(
            command: process.command, environment: environment, directory: options.directory,
            stdin: devNull, stdout: stdout, stderr: stderr, newSession: true, foregroundTerminal: nil)
        let pid: pid_t
        do {
            pid = try ProcessSpawner.spawn(request, name: process.name)
        } catch {
            close(stdout)
            close(stderr)
            if error.code == .fork {
                forkFailed(process, reason: error.description, now: now)
            } else {
                startFailed(process, reason: error.description, now: now)
            }
            return nil
        }
        process.forkFailures = 0
        close(stdout)
        close(stderr)
        watchdog?.watch(group: pid)
        process.pid = pid
        process.startedAt = now
        process.starts = options.restartLimit.recording(now, in: process.starts)
        byPid[pid] = process
        return pid
    }

    private func attach(_ fd: Int32, to process: ManagedProcess, pid: pid_t, stream: LineSource.Stream, now: Int64) {
        // One id per instance and stream, the same across restarts: the sinks' caches keyed by it
        // stay as large as the formation, however often its processes restart.
        let index = processes.firstIndex { $0 === process } ?? 0
        let source = LineSource(
            id: index * 2 + (stream == .stderr ? 1 : 0), instance: process.name, type: process.type,
            typeIndex: process.typeIndex, pid: pid, stream: stream)
        let child = ChildStream(fd: fd, source: source, maxLineBytes: options.maxLineBytes)
        child.lastDataAt = now
        streams[fd] = child
        do {
            try loop.add(fd)
            if outputPaused { loop.setEnabled(fd, false) }
        } catch {
            sink.event(.warning("\(error.description); output of \(process.name) \(stream.rawValue) is lost"))
        }
    }

    /// fork failed: no child ran, so nothing exited. Tried again after 0.1 s, doubling to 5 s,
    /// while the formation runs; the restart policy and its limit are not involved.
    private func forkFailed(_ process: ManagedProcess, reason: String, now: Int64) {
        process.forkFailures += 1
        let delay = min(Self.forkRetryMaximum, Self.forkRetryInitial << min(process.forkFailures - 1, 16))
        sink.event(.spawnFailed(instance: process.name, reason: "\(reason): trying again in \(SupervisorEvent.seconds(Int(delay)))"))
        process.restartAt = now + delay
    }

    static let forkRetryInitial: Int64 = 100
    static let forkRetryMaximum: Int64 = 5000

    /// A start that failed counts as a run that exited with 127 (as a shell reports it).
    private func startFailed(_ process: ManagedProcess, reason: String, now: Int64) {
        sink.event(.spawnFailed(instance: process.name, reason: reason))
        process.startedAt = now
        process.starts = options.restartLimit.recording(now, in: process.starts)
        exited(process, status: .exited(127), now: now)
    }
}
