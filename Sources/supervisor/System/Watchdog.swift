import CSupervisor
import Glibc

/// The survivor that stops the children's process groups if the supervisor is killed outright
/// (SIGKILL, OOM): PR_SET_PDEATHSIG reaches only the direct child, `sh -c 'a & b & wait'`
/// would leave `a` and `b` running. See `fm_watchdog_start`.
struct Watchdog {
    let pid: pid_t
    private let writeEnd: Int32

    static func start() throws(SupervisorError) -> Watchdog {
        var pid: pid_t = -1
        var fd: Int32 = -1
        let error = fm_watchdog_start(&pid, &fd)
        if error != 0 { throw .systemCall("fork", error, while: "starting the watchdog process") }
        fm_spawner_set_watchdog(fd)
        return Watchdog(pid: pid, writeEnd: fd)
    }

    /// A group to stop as its type is stopped: `stop` first, SIGKILL after its grace period.
    func watch(group pgid: pid_t, stop: GroupStop) {
        _ = fm_watchdog_add(writeEnd, pgid, stop.signal, Int32(clamping: stop.gracePeriod))
    }

    /// Called as soon as a group is known to be empty: its id may be reused by the system.
    func forget(group pgid: pid_t) { _ = fm_watchdog_remove(writeEnd, pgid) }

    /// The watchdog died (and was reaped): close our end of its pipe.
    func abandon() {
        fm_spawner_set_watchdog(-1)
        close(writeEnd)
    }

    /// Every group is stopped: the watchdog exits; wait for it so it is not left behind.
    func finish() {
        fm_spawner_set_watchdog(-1)
        close(writeEnd)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    }
}
