import Glibc

extension FormationRunner {
    /// Starts one run of `instances[index]` with its own stdout and stderr pipes (or journald
    /// streams); what happened is the lifecycle's next event.
    func spawn(_ index: Int, now: Milliseconds) -> LifecycleEvent {
        let instance = lifecycle.instances[index]
        if options.journalDirect { return spawnDirect(index, instance, now: now) }
        let out: Pipe
        let err: Pipe
        do {
            out = try Pipe.make()
        } catch {
            return .spawnFailed(instance: index, reason: error.description, forkRefused: false, now: now)
        }
        do {
            err = try Pipe.make()
        } catch {
            // EMFILE on the second pipe: the first one's descriptors must not leak.
            close(out.readEnd)
            close(out.writeEnd)
            return .spawnFailed(instance: index, reason: error.description, forkRefused: false, now: now)
        }
        let result = spawn(index, instance, stdout: out.writeEnd, stderr: err.writeEnd, now: now)
        guard case .spawned(_, let pid, _) = result else {
            for fd in [out.readEnd, err.readEnd] { close(fd) }
            return result
        }
        attach(out.readEnd, to: index, instance, pid: pid, stream: .stdout, now: now)
        attach(err.readEnd, to: index, instance, pid: pid, stream: .stderr, now: now)
        return result
    }

    /// `--journald-direct`: the child's stdout and stderr are journald stream sockets; the
    /// supervisor reads nothing from it.
    private func spawnDirect(_ index: Int, _ instance: SupervisedInstance, now: Milliseconds) -> LifecycleEvent {
        let streams: JournalStreams
        do {
            streams = try JournalStreams.open(identifier: options.journalIdentifier ?? instance.type)
        } catch {
            return .spawnFailed(instance: index, reason: error.description, forkRefused: false, now: now)
        }
        // As systemd does: JOURNAL_STREAM names the stream (stderr's, when both are streams), so
        // the child knows its output already is the journal.
        let stream = FileIdentity.of(fd: streams.stderr).map { ["JOURNAL_STREAM": "\($0.device):\($0.inode)"] } ?? [:]
        return spawn(index, instance, stdout: streams.stdout, stderr: streams.stderr, extraEnvironment: stream, now: now)
    }

    /// Spawns the instance with the given output descriptors, which it closes in any case.
    private func spawn(_ index: Int, _ instance: SupervisedInstance, stdout: Int32, stderr: Int32, extraEnvironment: [String: String] = [:], now: Milliseconds) -> LifecycleEvent {
        defer {
            close(stdout)
            close(stderr)
        }
        var environment = options.environment
        environment["PORT"] = String(instance.port)
        environment["PS"] = instance.name
        if let path = controlServer?.path { environment["FORMATION_CONTROL"] = path }
        readinessEnvironment(&environment)
        environment.merge(extraEnvironment) { $1 }
        let stop = GroupStop(options.lifecycle.policy.policy(for: instance.type))
        let request = ProcessSpawner.Request(
            command: jobs.commands[index] ?? instance.command, environment: environment, directory: options.directory,
            stdin: devNull, stdout: stdout, stderr: stderr, newSession: true, foregroundTerminal: nil,
            listenSocket: listenSockets[instance.type].map { ($0.fd, instance.type) },
            deathSignal: stop.signal, watchGrace: Int32(clamping: stop.gracePeriod))
        do {
            let pid = try ProcessSpawner.spawn(request, name: instance.name)
            control?.watch(group: pid, stop: stop, listed: true)
            return .spawned(instance: index, pid: pid, now: now)
        } catch {
            return .spawnFailed(instance: index, reason: error.description, forkRefused: error.code == .fork, now: now)
        }
    }

    private func attach(_ fd: Int32, to index: Int, _ instance: SupervisedInstance, pid: pid_t, stream: LineSource.Stream, now: Milliseconds) {
        // One id per instance and stream, the same across restarts: the sinks' caches keyed by it
        // stay as large as the formation, however often its processes restart.
        let source = LineSource(
            id: index * 2 + (stream == .stderr ? 1 : 0), instance: instance.name, type: instance.type,
            typeIndex: instance.typeIndex, pid: pid, stream: stream)
        let child = ChildStream(fd: fd, source: source, maxLineBytes: options.maxLineBytes)
        child.lastDataAt = now
        streams[fd] = child
        do {
            try loop.add(fd)
            if outputPaused { loop.setEnabled(fd, false) }
        } catch {
            sink.event(.warning("\(error.description); output of \(instance.name) \(stream.rawValue) is lost"))
        }
    }
}
