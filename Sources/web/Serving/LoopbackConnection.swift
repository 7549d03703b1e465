#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Both ends of one TCP connection over 127.0.0.1, made by this process for itself: the server
/// end goes to the same setup as an accepted connection, the client end sends one request with
/// blocking I/O (``ServerWarmUp``). Its listening socket is on an ephemeral port and closed as
/// soon as the one connection is accepted.
struct LoopbackConnection: Sendable {
    /// The accepted end, for the server (close-on-exec).
    let server: Int32
    /// The connecting end; ``exchange(_:timeoutSeconds:)`` closes it.
    let client: Int32

    static func open() throws(AcceptorError) -> LoopbackConnection {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard listener >= 0 else { throw AcceptorError(call: "socket", errno: errno) }
        defer { close(listener) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = in_addr_t(0x7f00_0001).bigEndian
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(listener, $0, length) == 0 && listen(listener, 1) == 0 && getsockname(listener, $0, &length) == 0
            }
        }
        guard bound else { throw AcceptorError(call: "bind or listen on 127.0.0.1:0", errno: errno) }
        let client = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard client >= 0 else { throw AcceptorError(call: "socket", errno: errno) }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(client, $0, length) == 0 }
        }
        let server = connected ? accept(listener, nil, nil) : -1
        guard server >= 0 else {
            let error = errno
            close(client)
            throw AcceptorError(call: connected ? "accept" : "connect to 127.0.0.1", errno: error)
        }
        _ = fcntl(server, F_SETFD, FD_CLOEXEC)
        return LoopbackConnection(server: server, client: client)
    }

    /// Writes `request` on the client end, reads until the server closes the connection (or
    /// `timeoutSeconds` without a byte), closes the client end. Returns the response's first
    /// line, or nil when none came.
    func exchange(_ request: String, timeoutSeconds: Int) -> String? {
        defer { close(client) }
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        _ = setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let bytes = Array(request.utf8)
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { return nil }
            sent += count
        }
        var response: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16384)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(client, $0.baseAddress, $0.count, 0) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { break }
            if response.count < 256 { response += buffer[..<min(count, 256)] }
        }
        let line = response.split(separator: UInt8(ascii: "\r"), maxSplits: 1).first.map { String(decoding: $0, as: UTF8.self) }
        return line.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Closes the client end without a request (``exchange(_:timeoutSeconds:)`` was not called).
    func abandon() {
        close(client)
    }
}
