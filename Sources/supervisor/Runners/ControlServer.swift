import CSupervisor
import ControlProtocol
import Glibc

/// The control socket's listening end and its clients, served from the formation's event loop:
/// nothing here blocks, and no client can take more than a bounded share of a loop turn.
///
/// - At most `readBudget` bytes are read from a client per turn, and at most `requestsPerTurn`
///   of its requests served; what is left waits for later turns, after the children's output
///   and signals (the loop is level-triggered, and a client with requests left over is not
///   read meanwhile).
/// - Requests are served while the client's unread replies stay under `replyHighWater`; past
///   it (or while a restart's answer is due) it is neither served nor read until it drains. A
///   client that takes none of its waiting output for `stallTimeout` is closed; a `logs -f`
///   follower more than `maxOutput` behind is dropped.
/// - A connection that sends no complete request within `requestTimeout` of connecting is
///   closed; when all `maxClients` slots are taken, the longest idle client with nothing in
///   progress makes room for a new one.
/// - `accept` failing for want of descriptors or memory pauses accepting for `acceptBackoff`.
final class ControlServer {
    let path: String
    let listener: Int32
    private(set) var clients: [Int32: ControlClient] = [:]
    /// While set, the listener is not watched (accept ran out of descriptors).
    private(set) var acceptPausedUntil: Milliseconds?

    static let maxClients = 16
    static let maxOutput = 1 << 20
    static let readBudget = 64 * 1024
    static let requestsPerTurn = 32
    static let replyHighWater = 64 * 1024
    static let requestTimeout: Milliseconds = 3_000
    static let stallTimeout: Milliseconds = 10_000
    static let acceptBackoff: Milliseconds = 100

    private let readBuffer: UnsafeMutableRawBufferPointer

    init(path: String, listener: Int32) {
        self.path = path
        self.listener = listener
        readBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 16 * 1024, alignment: 16)
    }

    deinit { readBuffer.deallocate() }

    /// Accepts every waiting connection. A peer that is neither our user nor root, or one too
    /// many, is told why and closed; the others are returned, to be watched. An idle client
    /// that makes room is closed here (which also takes it out of the epoll set).
    func accept(now: Milliseconds) -> [ControlClient] {
        var accepted: [ControlClient] = []
        while true {
            var fd: Int32 = -1
            let error = fm_accept(listener, &fd)
            if error == EINTR || error == ECONNABORTED { continue }
            if error == EMFILE || error == ENFILE || error == ENOBUFS || error == ENOMEM {
                // The connection stays queued; a level-triggered listener would wake every turn.
                acceptPausedUntil = now + Self.acceptBackoff
                return accepted
            }
            if error != 0 { return accepted }
            guard let peer = PeerCredentials.of(socket: fd), peer.uid == geteuid() || peer.uid == 0 else {
                refuse(fd, "permission denied: the formation belongs to uid \(geteuid()); run the command as that user or root")
                continue
            }
            if clients.count >= Self.maxClients, let idle = longestIdle() { close(idle) }
            guard clients.count < Self.maxClients else {
                refuse(fd, "too many control connections (at most \(Self.maxClients), each busy); try again when one has closed")
                continue
            }
            let client = ControlClient(fd: fd, peer: peer, now: now)
            clients[fd] = client
            accepted.append(client)
        }
    }

    /// Accepting may resume once the backoff has passed.
    func resumeAccepting(now: Milliseconds) -> Bool {
        guard let until = acceptPausedUntil, now >= until else { return false }
        acceptPausedUntil = nil
        return true
    }

    /// Reads at most `readBudget` bytes of what `client` sent into its input; false when it has
    /// gone (end of stream or an error).
    func receive(_ client: ControlClient) -> Bool {
        var taken = 0
        while taken < Self.readBudget {
            let n = Glibc.read(client.fd, readBuffer.baseAddress, min(readBuffer.count, Self.readBudget - taken))
            if n > 0 {
                client.input.append(UnsafeRawBufferPointer(rebasing: readBuffer[0..<n]))
                taken += n
            } else if n == 0 {
                return false
            } else if errno == EINTR {
                continue
            } else {
                return errno == EAGAIN
            }
        }
        return true
    }

    /// The next request line of `client` to serve now, nil when it has none or must wait (its
    /// replies are not read, its restart is not answered, it is closing). A line past the bound
    /// is answered with why, and the connection closes.
    func nextRequest(of client: ControlClient, now: Milliseconds) -> [UInt8]? {
        guard !client.closeWhenWritten, !client.awaitingAnswer, client.pendingOutput < Self.replyHighWater else { return nil }
        do {
            guard let line = try client.input.nextLine() else { return nil }
            client.lastRequestAt = now
            return line
        } catch {
            client.input.removeAll()
            send(ControlReply.failure("request longer than \(error.limit) bytes: send one JSON object per line (see docs/control.md)"), to: client, now: now)
            client.closeWhenWritten = true
            return nil
        }
    }

    /// Whether `client`'s socket should be read: not while it holds more requests than a turn
    /// serves, has too much unread output, waits for an answer or is closing. (What it holds
    /// otherwise is at most one read budget and an unfinished line, itself bounded by
    /// `ControlRequest.maxLineBytes`.)
    func wantsInput(_ client: ControlClient) -> Bool {
        !client.closeWhenWritten && !client.awaitingAnswer && client.pendingOutput < Self.replyHighWater
            && !client.backlogged
    }

    /// Whether a client has requests left that a turn's budget did not reach: the loop then
    /// comes back at once.
    var hasBacklog: Bool { clients.values.contains { $0.backlogged } }

    /// Queues `text` for `client` and writes what the socket takes now.
    func send(_ text: String, to client: ControlClient, now: Milliseconds) {
        client.queue(text, now: now)
        write(client, now: now)
    }

    /// Writes what waits for each client; returns the clients to let go: finished, gone, too far
    /// behind, stalled, or connected without a request for too long.
    func flush(now: Milliseconds) -> [ControlClient] {
        var gone: [ControlClient] = []
        for client in clients.values {
            if client.pendingOutput > 0 { write(client, now: now) }
            let finished = client.closeWhenWritten && client.pendingOutput == 0
            let behind = client.pendingOutput > Self.maxOutput
            let stalled = client.pendingOutput > 0 && now - client.lastWriteAt >= Self.stallTimeout
            let silent = client.lastRequestAt == nil && now - client.connectedAt >= Self.requestTimeout && nothingUnread(client)
            if finished || behind || stalled || silent { gone.append(client) }
        }
        return gone
    }

    var hasPendingOutput: Bool { clients.values.contains { $0.pendingOutput > 0 } }

    /// When a client next runs out of time (a request not sent, output not taken), or accepting
    /// resumes.
    var nextDeadline: Milliseconds? {
        var next = acceptPausedUntil
        for client in clients.values {
            if client.lastRequestAt == nil { next = min(next ?? .max, client.connectedAt + Self.requestTimeout) }
            if client.pendingOutput > 0 { next = min(next ?? .max, client.lastWriteAt + Self.stallTimeout) }
        }
        return next
    }

    func close(_ client: ControlClient) {
        guard clients.removeValue(forKey: client.fd) != nil else { return }
        Glibc.close(client.fd)
    }

    /// The formation has stopped: what can be written is written, then everything is closed
    /// and the socket file removed.
    func shutdown(now: Milliseconds) {
        for client in clients.values {
            write(client, now: now)
            Glibc.close(client.fd)
        }
        clients = [:]
        Glibc.close(listener)
        unlink(path)
    }

    /// The client that has waited longest since its last request (or its connection) with
    /// nothing in progress: no input or output waiting, no answer due, not following, and
    /// nothing sent that we have not read yet (a client accepted a moment ago has its request
    /// in the socket: closing it would reset it unanswered).
    private func longestIdle() -> ControlClient? {
        clients.values
            .filter { $0.following == nil && !$0.awaitingAnswer && $0.pendingOutput == 0 && $0.input.count == 0 && nothingUnread($0) }
            .min { ($0.lastRequestAt ?? $0.connectedAt, $0.fd) < ($1.lastRequestAt ?? $1.connectedAt, $1.fd) }
    }

    /// Nothing the client sent waits in its socket (end of stream counts as nothing): a client
    /// accepted a moment ago, or one a late loop turn has not read yet, has its request there,
    /// and closing it would reset it unanswered.
    private func nothingUnread(_ client: ControlClient) -> Bool {
        var byte: UInt8 = 0
        let n = Glibc.recv(client.fd, &byte, 1, Int32(MSG_PEEK | MSG_DONTWAIT))
        return n == 0 || (n < 0 && errno == EAGAIN)
    }

    private func write(_ client: ControlClient, now: Milliseconds) {
        while client.pendingOutput > 0 {
            let n = client.withPendingOutput { Glibc.send(client.fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n > 0 {
                client.wrote(n, now: now)
            } else if n < 0 && errno == EINTR {
                continue
            } else {
                if n < 0 && errno != EAGAIN {
                    // Gone (EPIPE, ECONNRESET): nothing more will be read.
                    client.discardOutput()
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
