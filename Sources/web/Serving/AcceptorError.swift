#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A system call on the inherited listening socket failed.
struct AcceptorError: Error, CustomStringConvertible {
    var call: String
    var errno: Int32

    var description: String {
        let text = strerror(errno).map { String(cString: $0) } ?? "error \(errno)"
        return "\(call) failed on the inherited listening socket: \(text) (errno \(errno)); check what the service manager passes in LISTEN_FDS"
    }
}
