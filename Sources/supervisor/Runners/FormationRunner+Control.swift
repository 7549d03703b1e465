import ControlProtocol
import Glibc

extension FormationRunner {
    /// Checks the sockets' directory and takes the lock beside them, then listens on the
    /// control socket. An unsafe directory or path refuses the start; another formation
    /// holding the lock or answering there refuses it too; a directory or socket that cannot
    /// be made (a read-only filesystem) is one warning, the formation runs without sockets.
    func openControlSocket() throws(SupervisorError) {
        let base = options.socketBase
        do {
            try SocketDirectory.prepare(FileSystem.directory(of: base), rule: options.privateSocketDirectory ? .private : .chosen)
            socketLock = try SocketLock.acquire(ControlSocket.sibling(of: base, ".lock"))
        } catch let error where error.code == .unsafeSocket {
            throw error
        } catch {
            sink.event(.warning("\(error.description): running without a control socket and a notify socket"))
            return
        }
        guard let path = options.controlPath else { return }
        guard socketLock != nil else { throw alreadyRunning(path) }
        switch ControlSocket.listen(at: path) {
        case .success(let fd):
            do {
                try loop.add(fd)
            } catch {
                close(fd)
                sink.event(.warning("\(error.description): no control socket, `supervisor status` and the like will not find this formation"))
                return
            }
            controlServer = ControlServer(path: path, listener: fd)
        case .failure(.inUse):
            throw alreadyRunning(path)
        case .failure(.unsafe(let error)):
            throw error
        case .failure(.system(let error)):
            sink.event(.warning("\(error.description): running without a control socket"))
        }
    }

    private func alreadyRunning(_ path: String) -> SupervisorError {
        var owner = "another supervisor"
        if case .success(var connection) = ControlConnection.open(path),
           let reply = try? connection.ask(.status), let pid = reply.body["pid"]?.intValue {
            owner = "pid \(pid)"
        }
        return SupervisorError(
            code: .alreadyRunning,
            message: "a formation is already running in \(options.directory) (\(owner), control socket \(path)): stop it with `supervisor shutdown`, or give this one another --control path",
            errno: nil)
    }

    /// Input on the control socket: a new connection, or requests from a client.
    func serveControl(_ fd: Int32, now: Milliseconds) {
        guard let server = controlServer else { return }
        if fd == server.listener {
            for client in server.accept(now: now) {
                do {
                    try loop.add(client.fd)
                } catch {
                    server.close(client)
                }
            }
            if server.acceptPausedUntil != nil { loop.setEnabled(server.listener, false) }
            return
        }
        guard let client = server.clients[fd] else { return }
        // Served in `serveControlRequests`, once a turn for every client.
        if !server.receive(client) { closeControlClient(client) }
    }

    /// Serves each client's waiting requests, at most a turn's budget of them; then writes what
    /// waits for clients, lets go of the finished and the hopeless, watches again those that
    /// can take more, and resumes accepting after a backoff.
    func serveControlRequests(now: Milliseconds) {
        guard let server = controlServer else { return }
        for client in Array(server.clients.values) where client.input.count > 0 {
            var served = 0
            while served < ControlServer.requestsPerTurn, let line = server.nextRequest(of: client, now: now) {
                served += 1
                do {
                    serve(try ControlRequest(jsonLine: line), from: client, now: now)
                } catch {
                    server.send(ControlReply.failure(error.description), to: client, now: now)
                }
            }
            client.backlogged = served == ControlServer.requestsPerTurn
        }
        for client in server.flush(now: now) { closeControlClient(client) }
        for client in server.clients.values {
            let wanted = server.wantsInput(client)
            if wanted != client.reading {
                client.reading = wanted
                loop.setEnabled(client.fd, wanted)
            }
        }
        if server.resumeAccepting(now: now) { loop.setEnabled(server.listener, true) }
    }

    func closeControlClient(_ client: ControlClient) {
        loop.remove(client.fd)
        controlServer?.close(client)
        updateFollower()
    }

    /// The log ring feeds followers only while there are any.
    func updateFollower() {
        guard let server = controlServer, server.clients.values.contains(where: { $0.following != nil }) else {
            logRing.follower = nil
            return
        }
        logRing.follower = { [unowned server] line in
            let text = Self.logLine(line)
            for client in server.clients.values where client.followingAll || client.following?.contains(line.instance) == true {
                client.queue(text, now: MonotonicClock.nowMilliseconds())
            }
        }
    }

    static func logLine(_ line: LogRing.Line) -> String {
        JSONValue.object([
            ("instance", .string(line.instance)), ("stream", .string(line.stream.rawValue)),
            ("line", .string(String(decoding: line.text, as: UTF8.self))),
        ]).serialized + "\n"
    }
}
