import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// TCP ports on 127.0.0.1 that were free a moment ago, for servers a test starts.
///
/// They come from below the kernel's ephemeral range (32768-60999 here), not from a bind to
/// port 0: a port the kernel handed out can be handed out again at once as the local port of
/// some test's outgoing connection, and the port after it (a formation's second instance) was
/// never checked at all. A supervisor's web.2 then failed to bind, which stops the formation (a CI
/// run waited 60 s for a web.1 that had already been stopped). Ports below the ephemeral range
/// are never a connection's local port, and a cursor shared by the whole test process hands
/// each block out once.
public enum FreePort {
    /// The first port handed out and the end of the range (the ephemeral range starts there).
    static let range = 20_000..<32_768
    /// The next port to try; starts at an offset of the process id so that two test processes
    /// at once start far apart.
    private static let cursor = Atomic<Int>(Int(getpid()) * 97 % (range.count / 2))

    /// One free port.
    public static func find() throws -> Int {
        try block(1)
    }

    /// The first of `count` consecutive free ports (`supervisor start --port P` with web=2 uses
    /// P and P+1): each was bound at once, then all were closed.
    public static func block(_ count: Int) throws -> Int {
        for _ in 0..<(range.count / count) {
            let offset = cursor.add(count, ordering: .relaxed).oldValue % (range.count - count)
            let base = range.lowerBound + offset
            if try bindAll(base..<(base + count)) { return base }
        }
        throw TestSupportError("no \(count) consecutive free ports in \(range)")
    }

    /// Whether every port in `ports` binds on 127.0.0.1 (all held at once, then closed).
    private static func bindAll(_ ports: Range<Int>) throws -> Bool {
        var descriptors: [Int32] = []
        defer { for fd in descriptors { close(fd) } }
        for port in ports {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard fd >= 0 else { throw TestSupportError("socket failed: errno \(errno)") }
            descriptors.append(fd)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = UInt16(port).bigEndian
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            if bound != 0 {
                if errno == EADDRINUSE || errno == EACCES { return false }
                throw TestSupportError("bind 127.0.0.1:\(port) failed: errno \(errno)")
            }
        }
        return true
    }
}
