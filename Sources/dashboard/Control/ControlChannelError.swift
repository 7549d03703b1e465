import ControlProtocol
import Glibc

/// Why a conversation with the formation's control socket failed. One line: what, where, how
/// to fix.
enum ControlChannelError: Error, Equatable, CustomStringConvertible {
    /// Nobody answers on the socket (no formation, or another root).
    case unreachable(path: String, reason: String)
    /// Another user's process listens on the socket: nothing was sent to it.
    case impostor(path: String, uid: uid_t)
    /// The formation closed the connection before replying.
    case closed(path: String)
    /// The reply was not the protocol's.
    case unreadable(path: String, reason: String)
    /// The formation refused the request (an unknown instance, say); its reason.
    case refused(String)
    /// A line longer than the bound.
    case lineTooLong(Int)

    var description: String {
        switch self {
        case .unreachable(let path, let reason):
            "no formation answers on the control socket \(path) (\(reason)); start one with `supervisor start` in its directory"
        case .impostor(let path, let uid):
            "refusing the control socket \(path): it is held by uid \(uid), not by this user (uid \(geteuid())) or root; another user may be impersonating the formation: remove it, or name the right socket with --control"
        case .closed(let path):
            "the formation closed the control connection \(path) without a reply; it may be stopping"
        case .unreadable(let path, let reason):
            "unreadable reply on the control socket \(path): \(reason); is the supervisor the same version as the dashboard?"
        case .refused(let reason):
            "the formation refused: \(reason)"
        case .lineTooLong(let bound):
            "a reply line on the control socket is longer than \(bound) bytes"
        }
    }
}
