import CSupervisor
import ControlProtocol
import Glibc

/// The control socket's listening end and its clients, served from the formation's event loop:
/// nothing here blocks. A client is bounded in what it may send (one line of
/// `ControlRequest.maxLineBytes`) and in what may wait for it (`maxOutput`: a `logs -f` client
/// that does not read is dropped); at most `maxClients` at once.
final class ControlServer {
    let path: String
    let listener: Int32
    private(set) var clients: [Int32: ControlClient] = [:]

    static let maxClients = 16
    static let maxOutput = 1 << 20

    init(path: String, listener: Int32) {
        self.path = path
        self.listener = listener
    }

    /// Accepts every waiting connection. A peer that is neither our user nor root, or one too
    /// many, is told why and closed; the others are returned, to be watched.
    func accept() -> [ControlClient] {
        var accepted: [ControlClient] = []
        while true {
            var fd: Int32 = -1
            let error = fm_accept(listener, &fd)
            if error == EINTR || error == ECONNABORTED { continue }
            if error != 0 { return accepted }
            guard let peer = PeerCredentials.of(socket: fd), peer.uid == geteuid() || peer.uid == 0 else {
                refuse(fd, "permission denied: the formation belongs to uid \(geteuid()); run the command as that user or root")
                continue
            }
            guard clients.count < Self.maxClients else {
                refuse(fd, "too many control connections (at most \(Self.maxClients)); try again when one has closed")
                continue
            }
            let client = ControlClient(fd: fd, peer: peer)
            clients[fd] = client
            accepted.append(client)
        }
    }

    /// Reads what `client` sent: its complete request lines, and whether it is still there.
    func read(_ client: ControlClient) -> (lines: [[UInt8]], open: Bool) {
        var lines: [[UInt8]] = []
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(client.fd, $0.baseAddress, $0.count) }
            if n > 0 {
                client.input += buffer[0..<n]
                while let newline = client.input.firstIndex(of: 10) {
                    lines.append(Array(client.input[..<newline]))
                    client.input.removeFirst(newline + 1)
                }
                if client.input.count > ControlRequest.maxLineBytes {
                    client.input = []
                    send(ControlReply.failure("request longer than \(ControlRequest.maxLineBytes) bytes: send one JSON object per line (see docs/control.md)"), to: client)
                    client.closeWhenWritten = true
                    return (lines, true)
                }
            } else if n == 0 {
                return (lines, false)
            } else if errno == EINTR {
                continue
            } else {
                return (lines, errno == EAGAIN)
            }
        }
    }

    /// Queues `text` for `client` and writes what the socket takes now.
    func send(_ text: String, to client: ControlClient) {
        client.output += text.utf8
        write(client)
    }

    /// Writes what waits for each client; drops those that went away or fell too far behind.
    /// Returns the clients to stop watching.
    func flush() -> [ControlClient] {
        var gone: [ControlClient] = []
        for client in clients.values {
            if !client.output.isEmpty { write(client) }
            if client.output.count > Self.maxOutput || (client.closeWhenWritten && client.output.isEmpty) {
                gone.append(client)
            }
        }
        return gone
    }

    var hasPendingOutput: Bool { clients.values.contains { !$0.output.isEmpty } }

    func close(_ client: ControlClient) {
        guard clients.removeValue(forKey: client.fd) != nil else { return }
        Glibc.close(client.fd)
    }

    /// The formation has stopped: what can be written is written, then everything is closed
    /// and the socket file removed.
    func shutdown() {
        for client in clients.values {
            write(client)
            Glibc.close(client.fd)
        }
        clients = [:]
        Glibc.close(listener)
        unlink(path)
    }

    private func write(_ client: ControlClient) {
        while !client.output.isEmpty {
            let n = client.output.withUnsafeBytes { Glibc.send(client.fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n > 0 {
                client.output.removeFirst(n)
            } else if n < 0 && errno == EINTR {
                continue
            } else {
                if n < 0 && errno != EAGAIN {
                    // Gone (EPIPE, ECONNRESET): nothing more will be read.
                    client.output = []
                    client.closeWhenWritten = true
                }
                return
            }
        }
    }

    private func refuse(_ fd: Int32, _ message: String) {
        let line = ControlReply.failure(message)
        _ = line.withCString { Glibc.send(fd, $0, strlen($0), Int32(MSG_NOSIGNAL | MSG_DONTWAIT)) }
        Glibc.close(fd)
    }
}
