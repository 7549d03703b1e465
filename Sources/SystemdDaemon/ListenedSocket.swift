import CSystemd

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A socket the service manager passed to this process (`LISTEN_FDS`, `LISTEN_PID`,
/// `LISTEN_FDNAMES`: socket activation, or the supervisor's `--socket TYPE`).
public struct ListenedSocket: Equatable, Sendable {
    /// The descriptor, from 3 (`SD_LISTEN_FDS_START`) on; close-on-exec.
    public var descriptor: Int32
    /// Its name from `LISTEN_FDNAMES` (`unknown` when none was given, as libsystemd says).
    public var name: String

    public init(descriptor: Int32, name: String) {
        self.descriptor = descriptor
        self.name = name
    }

    /// The sockets passed to this process, through libsystemd's `sd_listen_fds_with_names`,
    /// which checks that `LISTEN_PID` is this process (else there are none), marks them
    /// close-on-exec, and here also unsets the three variables so that no child of this
    /// process takes them for its own.
    public static func inherited() throws(ListenedSocketError) -> [ListenedSocket] {
        var names: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
        let count = sd_listen_fds_with_names(1, &names)
        guard count >= 0 else { throw ListenedSocketError(errno: -count) }
        defer {
            if let names {
                for index in 0..<Int(count) { free(names[index]) }
                free(names)
            }
        }
        return (0..<count).map { index in
            let name = names?[Int(index)].map { String(cString: $0) } ?? "unknown"
            return ListenedSocket(descriptor: 3 + index, name: name)
        }
    }

    /// The socket to serve on: the one named `name`, else the first; nil when there is none.
    public static func choose(_ sockets: [ListenedSocket], preferring name: String) -> ListenedSocket? {
        sockets.first { $0.name == name } ?? sockets.first
    }
}
