import CJournald
import Glibc

/// `--journald-direct`: a child's stdout and stderr are journald stream sockets (as systemd
/// gives a service), so its bytes go straight to journald and the supervisor copies none.
struct JournalStreams {
    let stdout: Int32
    let stderr: Int32

    /// Opens both streams for `identifier`: priority 6 for stdout, 3 for stderr, `<N>`
    /// prefixes honoured (level prefix on).
    static func open(identifier: String) throws(SupervisorError) -> JournalStreams {
        let out = try openOne(identifier: identifier, priority: 6)
        do {
            let err = try openOne(identifier: identifier, priority: 3)
            return JournalStreams(stdout: out, stderr: err)
        } catch {
            close(out)
            throw error
        }
    }

    private static func openOne(identifier: String, priority: Int32) throws(SupervisorError) -> Int32 {
        var fd: Int32 = -1
        var call: UnsafePointer<CChar>?
        let error = fj_stream_open(identifier, priority, 1, &fd, &call)
        if error != 0 {
            let name = call.map { String(cString: $0) } ?? "connect"
            throw .systemCall(name, error, while: "opening a journald stream (\(FJ_STREAM_SOCKET)) for \(identifier)")
        }
        return fd
    }
}
