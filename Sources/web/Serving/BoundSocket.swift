#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `HOST:PORT` bound and listening by `web` itself (no `LISTEN_FDS`), served by the same
/// ``InheritedSocketServer`` as a socket passed in.
///
/// Why not Hummingbird's own server here: stopped under load, its server channel could end its
/// stream of accepted connections while one was still being activated, and that connection's
/// writer was freed unfinished (NIO's `NIOAsyncWriter` traps: "Deinited NIOAsyncWriter without
/// calling finish()", SIGILL; about one stop in twenty under `wrk -c200`). One accept loop for
/// both cases also gives a bound `web` the same warm-up and drain.
enum BoundSocket {
    /// The listen queue's length, Hummingbird's default.
    static let backlog: Int32 = 256

    /// A new listening socket on `host:port` (close-on-exec, `SO_REUSEADDR` as NIO's servers
    /// set it); `host` is an address or a name `getaddrinfo` resolves, its first address used.
    static func bind(host: String, port: Int) throws(ListenError) -> Int32 {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV
        var found: UnsafeMutablePointer<addrinfo>?
        let resolved = getaddrinfo(host, String(port), &hints, &found)
        guard resolved == 0, let address = found else {
            throw ListenError(call: "getaddrinfo", host: host, port: port, errno: EADDRNOTAVAIL, detail: String(cString: gai_strerror(resolved)))
        }
        defer { freeaddrinfo(found) }
        let descriptor = socket(address.pointee.ai_family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw ListenError(call: "socket", host: host, port: port, errno: errno) }
        var one: Int32 = 1
        guard setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size)) == 0 else {
            throw closing(descriptor, ListenError(call: "setsockopt(SO_REUSEADDR)", host: host, port: port, errno: errno))
        }
        guard Glibc.bind(descriptor, address.pointee.ai_addr, address.pointee.ai_addrlen) == 0 else {
            throw closing(descriptor, ListenError(call: "bind", host: host, port: port, errno: errno))
        }
        guard listen(descriptor, backlog) == 0 else {
            throw closing(descriptor, ListenError(call: "listen", host: host, port: port, errno: errno))
        }
        return descriptor
    }

    private static func closing(_ descriptor: Int32, _ error: ListenError) -> ListenError {
        close(descriptor)
        return error
    }
}
