#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `LISTEN_FDS`/`LISTEN_FDNAMES` could not be read (`sd_listen_fds_with_names` failed).
public struct ListenedSocketError: Error, CustomStringConvertible, Sendable {
    /// The errno libsystemd returned (EINVAL: malformed variables, EBADF: a passed descriptor
    /// is not open).
    public var errno: Int32

    public var description: String {
        let text = strerror(errno).map { String(cString: $0) } ?? "error \(errno)"
        return "the sockets passed in LISTEN_FDS/LISTEN_FDNAMES are unusable (sd_listen_fds_with_names: \(text)): "
            + "start the process without LISTEN_FDS, or let the service manager pass open sockets"
    }
}
