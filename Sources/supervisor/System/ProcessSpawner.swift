import CSupervisor
import Glibc

/// Starts children through the C spawner thread (see `fm_spawn`): own session or group,
/// PR_SET_PDEATHSIG, default signal dispositions, an empty mask, exactly three descriptors.
enum ProcessSpawner {
    struct Request {
        var command: String
        var environment: [String: String]
        var directory: String?
        var stdin: Int32
        var stdout: Int32
        var stderr: Int32
        /// A new session (formation children) or only a new process group (`run`).
        var newSession: Bool
        /// The terminal whose foreground the child takes (`run` on a TTY), or nil.
        var foregroundTerminal: Int32?
        /// A listening socket the child gets as fd 3 with `LISTEN_FDS=1`, `LISTEN_PID` (its own
        /// pid, written after fork) and `LISTEN_FDNAMES` (`--socket`), or nil.
        var listenSocket: (fd: Int32, name: String)?
        /// The signal the child gets when the supervisor dies (PR_SET_PDEATHSIG): its type's
        /// stop signal, as the watchdog sends its group.
        var deathSignal: Int32 = SIGTERM
        /// At least 0: the spawner lists the child's group with the watchdog before the child
        /// can exec (`deathSignal`, then SIGKILL after this many ms), so a supervisor killed
        /// right after the spawn leaves nothing the child forked; the caller then records it
        /// with `ProcessControl.watch(group:stop:listed: true)`. -1: the caller lists it.
        var watchGrace: Int32 = -1
    }

    /// `LISTEN_PID`'s placeholder: the child overwrites it with its pid (at most 20 bytes with the NUL).
    private static let listenPIDPlaceholder = "LISTEN_PID=" + String(repeating: "0", count: 19)

    /// Runs `/bin/sh -c command`; returns the pid, which is also the process group id.
    static func spawn(_ request: Request, name: String) throws(SupervisorError) -> pid_t {
        let argv = ["/bin/sh", "-c", request.command]
        var environment = request.environment
        for key in ["LISTEN_FDS", "LISTEN_PID", "LISTEN_FDNAMES"] { environment[key] = nil }
        if let socket = request.listenSocket {
            environment["LISTEN_FDS"] = "1"
            environment["LISTEN_FDNAMES"] = socket.name
        }
        var envp = environment.map { "\($0.key)=\($0.value)" }.sorted()
        if request.listenSocket != nil { envp.append(listenPIDPlaceholder) }
        var pid: pid_t = -1
        var failedCall: UnsafePointer<CChar>?
        let error: Int32 = withCStrings(argv) { argvPointers in
            withCStrings(envp) { envPointers in
                withOptionalCString(request.directory) { cwd in
                    // The placeholder is the last entry; its digits start after "LISTEN_PID=".
                    let digits = request.listenSocket == nil ? nil : envPointers[envp.count - 1].map { $0 + 11 }
                    var options = fm_spawn_options(
                        path: argvPointers[0], argv: argvPointers.baseAddress, envp: envPointers.baseAddress, cwd: cwd,
                        stdin_fd: request.stdin, stdout_fd: request.stdout, stderr_fd: request.stderr,
                        new_session: request.newSession ? 1 : 0,
                        foreground_tty: request.foregroundTerminal ?? -1,
                        pdeathsig: request.deathSignal,
                        listen_fd: request.listenSocket?.fd ?? -1,
                        listen_pid_digits: digits,
                        watch_grace_ms: request.watchGrace)
                    return fm_spawn(&options, &pid, &failedCall)
                }
            }
        }
        guard error != 0 else { return pid }
        let call = failedCall.map { String(cString: $0) } ?? "fork"
        if pid == -1 {
            // Nothing ran (no process, no descriptor, no thread for us): the system's state, retried.
            throw SupervisorError(code: .fork, message: "\(call) failed for \(name): \(ErrnoText.describe(error))", errno: error)
        }
        let hint = call == "chdir" ? "; check that the directory \(request.directory ?? "") exists (-d/--root)" : ""
        throw SupervisorError(
            code: .spawn, message: "cannot start \(name) (`\(request.command)`): \(call): \(ErrnoText.describe(error))\(hint)",
            errno: error)
    }

    private static func withOptionalCString<R>(_ string: String?, _ body: (UnsafePointer<CChar>?) -> R) -> R {
        guard let string else { return body(nil) }
        return string.withCString { body($0) }
    }

    /// A NULL-terminated array of C strings that lives for the duration of `body`.
    private static func withCStrings<R>(
        _ strings: [String], _ body: (UnsafeBufferPointer<UnsafeMutablePointer<CChar>?>) -> R
    ) -> R {
        var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
        pointers.append(nil)
        defer { for pointer in pointers { free(pointer) } }
        return pointers.withUnsafeBufferPointer { body($0) }
    }
}
