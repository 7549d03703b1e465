import Glibc

/// Whether the process has a controlling terminal: `/dev/tty` opens only then (a service under
/// systemd, a container without `-t` or a daemon has none).
enum ControllingTerminal {
    static func exists() -> Bool {
        let fd = open("/dev/tty", O_RDONLY | O_NOCTTY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        close(fd)
        return true
    }
}
