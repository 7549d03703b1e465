#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Binding `HOST:PORT` failed (``BoundSocket``); ``ServerFailure`` turns the errors a user
/// can fix into what to do.
struct ListenError: Error, CustomStringConvertible {
    var call: String
    var host: String
    var port: Int
    var errno: Int32
    /// The resolver's own words, when `getaddrinfo` failed.
    var detail: String?

    var description: String {
        let text = detail ?? strerror(errno).map { String(cString: $0) } ?? "error \(errno)"
        return "cannot listen on \(host):\(port): \(call) failed: \(text) (errno \(errno))"
    }
}
