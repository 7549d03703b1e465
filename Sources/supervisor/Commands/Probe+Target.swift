import Glibc

extension SupervisorCommand.Probe {
    /// One check against one instance, blocking but bounded: every wait (connect, write, read,
    /// the exec child) ends at `timeout` after the check began.
    struct Target {
        let probe: HealthCheck.Probe
        let port: Int
        /// Milliseconds one check may take.
        let timeout: Int64

        /// ` on port N` for messages (nothing for an `exec` check without a port).
        var place: String { port > 0 ? " on port \(port)" : "" }

        /// The most of an HTTP answer read to find its status line.
        static let maximumStatusLine = 1024

        /// Healthy or not, and the answer in a few words (`HTTP 200`, `connection refused`).
        struct Answer {
            var healthy: Bool
            var text: String
        }

        func check() -> Answer {
            let deadline = MonotonicClock.nowMilliseconds() + timeout
            switch probe {
            case .tcp:
                return withConnection(deadline: deadline) { _ in Answer(healthy: true, text: "connected") }
            case .http(let path):
                return withConnection(deadline: deadline) { socket in http(socket, path: path, deadline: deadline) }
            case .exec(let command):
                return exec(command, deadline: deadline)
            }
        }

        private var timedOut: Answer { Answer(healthy: false, text: "timed out after \(SecondsText.of(timeout))s") }

        /// Connects to 127.0.0.1:`port` without blocking past `deadline`, runs `body`, closes.
        private func withConnection(deadline: Int64, _ body: (Int32) -> Answer) -> Answer {
            let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            guard socket >= 0 else { return Answer(healthy: false, text: "socket: \(ErrnoText.describe(errno))") }
            defer { close(socket) }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(truncatingIfNeeded: port).bigEndian)
            address.sin_addr.s_addr = in_addr_t(0x7F00_0001).bigEndian
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            if connected != 0 {
                guard errno == EINPROGRESS else { return Answer(healthy: false, text: ErrnoText.describe(errno)) }
                guard wait(socket, for: Int16(POLLOUT), until: deadline) else { return timedOut }
                var error: Int32 = 0
                var length = socklen_t(MemoryLayout<Int32>.size)
                getsockopt(socket, SOL_SOCKET, SO_ERROR, &error, &length)
                guard error == 0 else { return Answer(healthy: false, text: ErrnoText.describe(error)) }
            }
            return body(socket)
        }

        /// `GET path`; healthy on a 2xx or 3xx status line.
        private func http(_ socket: Int32, path: String, deadline: Int64) -> Answer {
            let request = Array("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nUser-Agent: supervisor-probe\r\nConnection: close\r\n\r\n".utf8)
            var sent = 0
            while sent < request.count {
                let n = request[sent...].withUnsafeBytes { send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                if n > 0 { sent += n; continue }
                guard n < 0, errno == EAGAIN || errno == EINTR else { return Answer(healthy: false, text: "sending the request: \(ErrnoText.describe(errno))") }
                guard wait(socket, for: Int16(POLLOUT), until: deadline) else { return timedOut }
            }
            var answer: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 512)
            while !answer.contains(UInt8(ascii: "\n")) && answer.count < Self.maximumStatusLine {
                let n = buffer.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
                if n > 0 { answer += buffer.prefix(n); continue }
                if n == 0 { break }
                guard errno == EAGAIN || errno == EINTR else { return Answer(healthy: false, text: "reading the answer: \(ErrnoText.describe(errno))") }
                guard wait(socket, for: Int16(POLLIN), until: deadline) else { return timedOut }
            }
            // The verdict `start`'s own http checks give (2xx or 3xx is healthy).
            let verdict = CheckProbe.judge(answer: answer)
            return Answer(healthy: verdict.healthy, text: verdict.answer)
        }

        /// Waits for `events` on `socket` until `deadline`; false when the time ran out.
        private func wait(_ socket: Int32, for events: Int16, until deadline: Int64) -> Bool {
            while true {
                let left = deadline - MonotonicClock.nowMilliseconds()
                guard left > 0 else { return false }
                var entry = pollfd(fd: socket, events: events, revents: 0)
                let ready = poll(&entry, 1, Int32(min(left, Int64(Int32.max))))
                if ready > 0 { return true }
                if ready < 0 && errno != EINTR { return true }
            }
        }

        /// `sh -c command` with PORT set, in a process group of its own; the group is killed at
        /// `deadline` and the child reaped, so nothing outlives the check.
        private func exec(_ command: String, deadline: Int64) -> Answer {
            var environment = ProcessEnvironment.current()
            if port > 0 { environment["PORT"] = String(port) }
            let input = open("/dev/null", O_RDONLY | O_CLOEXEC)
            defer { if input >= 0 { close(input) } }
            let request = ProcessSpawner.Request(
                command: command, environment: environment, directory: nil, stdin: max(input, 0), stdout: 1, stderr: 2,
                newSession: false, foregroundTerminal: nil, listenSocket: nil)
            let pid: pid_t
            do throws(SupervisorError) {
                pid = try ProcessSpawner.spawn(request, name: "the check")
            } catch {
                return Answer(healthy: false, text: error.message)
            }
            var status: Int32 = 0
            while true {
                let reaped = waitpid(pid, &status, WNOHANG)
                if reaped == pid { break }
                if reaped < 0 && errno != EINTR { return Answer(healthy: false, text: "waitpid: \(ErrnoText.describe(errno))") }
                if MonotonicClock.nowMilliseconds() >= deadline {
                    kill(-pid, SIGKILL)
                    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
                    return timedOut
                }
                var span = timespec(tv_sec: 0, tv_nsec: 5_000_000)
                _ = nanosleep(&span, nil)
            }
            // Whatever the shell left in its group goes with it.
            kill(-pid, SIGKILL)
            let exited = status & 0x7F == 0
            let code = (status >> 8) & 0xFF
            if exited { return Answer(healthy: code == 0, text: "exited with status \(code)") }
            return Answer(healthy: false, text: "killed by \(SignalName.of(status & 0x7F))")
        }
    }
}
