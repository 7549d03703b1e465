import Glibc

/// Collects every child that has ended, ours or an orphan re-parented to us (as PID 1 or as a
/// subreaper), so no zombie remains. (`Watchdog.finish` waits for the watchdog by its pid.)
enum Reaper {
    static func reapAll() -> [(pid: pid_t, status: TerminationStatus)] {
        var ended: [(pid: pid_t, status: TerminationStatus)] = []
        while true {
            var status: Int32 = 0
            let pid = waitpid(-1, &status, WNOHANG)
            if pid > 0 {
                ended.append((pid, TerminationStatus(waitStatus: status)))
            } else if pid < 0 && errno == EINTR {
                continue
            } else {
                break
            }
        }
        return ended
    }
}
