import NIOCore
#if canImport(Glibc)
import Glibc
#endif

/// The one line `web` logs when its server fails: what went wrong, where, and what to do about
/// it, for the failures a user can fix (the port is taken, a low port needs privileges).
enum ServerFailure {
    /// Describes `error` from the server of a `web` that listens on `listener` (pure).
    static func describe(_ error: any Error, listener: WebListener) -> String {
        guard case .bound(let host, let port) = listener, let code = (error as? ListenError)?.errno ?? (error as? IOError)?.errnoCode else {
            return "\(error)"
        }
        let place = "\(host):\(port)"
        switch code {
        case EADDRINUSE:
            return "cannot listen on \(place): the port is in use by another process; stop it, or give this process another PORT (supervisor start --port BASE)"
        case EACCES:
            return "cannot listen on \(place): permission denied (a port below 1024 needs privileges); use a PORT of 1024 or more"
        case EADDRNOTAVAIL:
            return "cannot listen on \(place): HOST is not an address of this machine; use 0.0.0.0, 127.0.0.1 or one of its addresses"
        default:
            return "\(error)"
        }
    }
}
