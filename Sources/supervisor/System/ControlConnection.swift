import ControlProtocol
import Glibc

/// The client end of the control socket, for the commands (`status`, `restart`, ...) and for a
/// second `start` that finds the socket in use. Blocking, with a timeout per read.
struct ControlConnection: ~Copyable {
    let fd: Int32
    private var pending: [UInt8] = []

    /// Connects to the formation's socket; nil with the reason when nobody listens there.
    static func open(_ path: String) -> Result<ControlConnection, SupervisorError> {
        ControlSocket.connect(to: path).map { ControlConnection(fd: $0) }
    }

    private init(fd: Int32) { self.fd = fd }

    deinit { close(fd) }

    func send(_ request: ControlRequest) throws(SupervisorError) {
        let bytes = Array(request.jsonLine.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress.map { $0 + offset }, bytes.count - offset, Int32(MSG_NOSIGNAL)) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { throw .systemCall("send", errno, while: "sending a request to the control socket") }
            offset += n
        }
    }

    /// The next line, without its newline; nil at the end of the conversation. `timeout` in
    /// milliseconds (-1: none).
    mutating func readLine(timeout: Int32 = 10_000) throws(SupervisorError) -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            if let newline = pending.firstIndex(of: 10) {
                let line = Array(pending[..<newline])
                pending.removeFirst(newline + 1)
                return line
            }
            var poll = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = Glibc.poll(&poll, 1, timeout)
            if ready < 0 && errno == EINTR { continue }
            if ready == 0 { throw SupervisorError(code: .systemCall, message: "the formation did not answer within \(timeout / 1000)s", errno: ETIMEDOUT) }
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n < 0 { throw .systemCall("read", errno, while: "reading the control socket's reply") }
            if n == 0 {
                guard !pending.isEmpty else { return nil }
                defer { pending = [] }
                return pending
            }
            pending += buffer[0..<n]
        }
    }

    /// One request, one reply.
    mutating func ask(_ request: ControlRequest, timeout: Int32 = 10_000) throws(SupervisorError) -> ControlReply {
        try send(request)
        guard let line = try readLine(timeout: timeout) else {
            throw SupervisorError(code: .systemCall, message: "the formation closed the control connection without a reply", errno: nil)
        }
        do {
            return try ControlReply(jsonLine: line)
        } catch {
            throw SupervisorError(code: .systemCall, message: "unreadable reply from the formation: \(error.description)", errno: nil)
        }
    }
}
