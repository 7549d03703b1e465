import Glibc

extension Supervisor {
    /// Starts one run of `process` with its own stdout and stderr pipes.
    func start(_ process: ManagedProcess, now: Int64) {
        let out: Pipe
        let err: Pipe
        do {
            out = try Pipe.make()
            err = try Pipe.make()
        } catch {
            startFailed(process, reason: error.description, now: now)
            return
        }
        var environment = options.environment
        environment["PORT"] = String(process.port)
        environment["PS"] = process.name
        let request = ProcessSpawner.Request(
            command: process.command, environment: environment, directory: options.directory,
            stdin: devNull, stdout: out.writeEnd, stderr: err.writeEnd, newSession: true, foregroundTerminal: nil)
        let pid: pid_t
        do {
            pid = try ProcessSpawner.spawn(request, name: process.name)
        } catch {
            for fd in [out.readEnd, out.writeEnd, err.readEnd, err.writeEnd] { close(fd) }
            startFailed(process, reason: error.description, now: now)
            return
        }
        close(out.writeEnd)
        close(err.writeEnd)
        watchdog?.watch(group: pid)
        process.pid = pid
        process.startedAt = now
        byPid[pid] = process
        attach(out.readEnd, to: process, pid: pid, stream: .stdout, now: now)
        attach(err.readEnd, to: process, pid: pid, stream: .stderr, now: now)
        sink.event(.spawned(instance: process.name, pid: pid, port: process.port))
    }

    private func attach(_ fd: Int32, to process: ManagedProcess, pid: pid_t, stream: LineSource.Stream, now: Int64) {
        let source = LineSource(
            id: nextSourceID, instance: process.name, type: process.type, typeIndex: process.typeIndex, pid: pid, stream: stream)
        nextSourceID += 1
        let child = ChildStream(fd: fd, source: source)
        child.lastDataAt = now
        streams[fd] = child
        do {
            try loop.add(fd)
            if outputPaused { loop.setEnabled(fd, false) }
        } catch {
            sink.event(.warning("\(error.description); output of \(process.name) \(stream.rawValue) is lost"))
        }
    }

    /// A start that failed counts as a run that exited with 127 (as a shell reports it).
    private func startFailed(_ process: ManagedProcess, reason: String, now: Int64) {
        sink.event(.spawnFailed(instance: process.name, reason: reason))
        process.startedAt = now
        exited(process, status: .exited(127), now: now)
    }
}
