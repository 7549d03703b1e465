import Glibc

/// One `http` or `tcp` health check in flight: a non-blocking connect to 127.0.0.1 at the
/// instance's `PORT`; for `http`, a bounded write of `GET PATH HTTP/1.1` and a bounded read of
/// the status line. It never waits: each step runs when the event loop reports the socket, and
/// the lifecycle's deadline cancels a check that takes too long (`CheckProbes.cancel`).
final class CheckProbe {
    /// The run the check is for.
    let group: pid_t
    let fd: Int32
    /// The request still to send (`http`); empty for `tcp`.
    private let request: [UInt8]
    private let isHTTP: Bool
    private var written = 0
    private var answer: [UInt8] = []
    private var connected = false

    /// The most of an answer read: the status line must come within it.
    static let maximumAnswerBytes = 4096

    /// A started check: in flight, or already answered (a refused connect, no descriptor left).
    enum Start {
        case pending(CheckProbe)
        case answered(CheckResult)
    }

    private init(group: pid_t, fd: Int32, request: [UInt8], isHTTP: Bool) {
        self.group = group
        self.fd = fd
        self.request = request
        self.isHTTP = isHTTP
    }

    /// Starts connecting to 127.0.0.1:`port`; `path`: the `http` check's path (nil: `tcp`).
    static func start(group: pid_t, port: Int, path: String?) -> Start {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return .answered(failure("socket", errno)) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(clamping: port)).bigEndian
        address.sin_addr.s_addr = in_addr_t(INADDR_LOOPBACK).bigEndian
        let status = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        if status < 0 && errno != EINPROGRESS {
            let code = errno
            close(fd)
            return .answered(failure("connect", code))
        }
        let request = path.map { Array("GET \($0) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n\r\n".utf8) } ?? []
        return .pending(CheckProbe(group: group, fd: fd, request: request, isHTTP: path != nil))
    }

    /// Whether the loop should report room for output: still connecting, or the request not all sent.
    var wantsOutput: Bool { !connected || written < request.count }

    /// One step after the loop reported the socket; the result once the check is over (the
    /// owner then closes the socket), nil while it goes on.
    func advance() -> CheckResult? {
        if !connected {
            var error: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            if getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) < 0 { return Self.failure("getsockopt", errno) }
            if error != 0 { return Self.failure("connect", error) }
            var peer = sockaddr_in()
            var peerLength = socklen_t(MemoryLayout<sockaddr_in>.size)
            let named = withUnsafeMutablePointer(to: &peer) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { getpeername(fd, $0, &peerLength) }
            }
            // Reported before the connect finished (a descriptor number reused within a turn): wait on.
            if named < 0 { return errno == ENOTCONN ? nil : Self.failure("connect", errno) }
            connected = true
            if !isHTTP { return CheckResult(healthy: true, answer: "connected") }
        }
        while written < request.count {
            let sent = request.withUnsafeBytes { bytes in
                send(fd, bytes.baseAddress.map { $0 + written }, bytes.count - written, Int32(MSG_NOSIGNAL))
            }
            if sent < 0 {
                if errno == EAGAIN || errno == EINTR { return nil }
                return Self.failure("send", errno)
            }
            written += sent
        }
        return readAnswer()
    }

    /// Reads what came, within `maximumAnswerBytes`: the result once the status line is whole,
    /// the answer ended, or the bound is reached.
    private func readAnswer() -> CheckResult? {
        var buffer = [UInt8](repeating: 0, count: Self.maximumAnswerBytes - answer.count)
        let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
        if count < 0 {
            if errno == EAGAIN || errno == EINTR { return nil }
            return Self.failure("recv", errno)
        }
        answer += buffer[0..<count]
        if count == 0 || answer.contains(UInt8(ascii: "\n")) || answer.count >= Self.maximumAnswerBytes {
            return Self.judge(answer: answer)
        }
        return nil
    }

    /// What an answer's status line says: 2xx and 3xx are healthy (as Kubernetes' `httpGet`).
    static func judge(answer: [UInt8]) -> CheckResult {
        guard !answer.isEmpty else { return CheckResult(healthy: false, answer: "the connection closed without an answer") }
        let line = answer.prefix { $0 != UInt8(ascii: "\r") && $0 != UInt8(ascii: "\n") }
        let words = line.split(separator: UInt8(ascii: " "), maxSplits: 2, omittingEmptySubsequences: false)
        guard words.count >= 2, words[0].starts(with: Array("HTTP/".utf8)), words[1].count == 3,
              let status = Int(String(decoding: words[1], as: UTF8.self))
        else {
            let shown = String(decoding: line.prefix(40).map { $0 >= 0x20 && $0 < 0x7F ? $0 : UInt8(ascii: "?") }, as: UTF8.self)
            return CheckResult(healthy: false, answer: "not an HTTP answer: \(shown.debugDescription)")
        }
        return CheckResult(healthy: (200..<400).contains(status), answer: "HTTP \(status)")
    }

    private static func failure(_ call: String, _ code: Int32) -> CheckResult {
        CheckResult(healthy: false, answer: "\(call): \(ErrnoText.describe(code))")
    }
}
