import CSupervisor
import ControlProtocol
import Glibc
import NIOCore
import NIOPosix

/// The dashboard's client of the formation's control socket, on NIO's event loops (no thread
/// ever blocks on the socket). Each call is one connection: one request, then its replies.
struct ControlChannel: Sendable {
    /// The socket's path (`FORMATION_CONTROL`).
    let path: String
    /// How long `ask` waits for a reply.
    var timeout: Duration = .seconds(5)

    /// One request, one reply (status, restart, stop, scale).
    func ask(_ request: ControlRequest) async throws -> ControlReply {
        try await withThrowingTaskGroup(of: ControlReply?.self) { group in
            group.addTask {
                try await converse(request) { reader in try await reader.reply() }
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            guard let reply = try await group.next() ?? nil else {
                throw ControlChannelError.unreadable(path: path, reason: "no reply within \(timeout)")
            }
            return reply
        }
    }

    /// `logs` with `follow`: the last `lines` lines of `targets` (all when empty), then every
    /// new one, each given to `onLine`, until the formation ends the conversation or the task
    /// is cancelled. A refused request throws its reason.
    func followLogs(targets: [String], lines: Int, onLine: (LogLine) async throws -> Void) async throws {
        try await converse(.logs(targets: targets, lines: lines, follow: true)) { reader in
            let reply = try await reader.reply()
            guard reply.ok else { throw ControlChannelError.refused(reply.error ?? "no reason given") }
            while let bytes = try await reader.line() {
                if let value = try? JSONValue.parse(bytes), let line = LogLine(json: value) {
                    try await onLine(line)
                }
            }
        }
    }

    /// A non-blocking connection to the socket, refused before anything is sent unless the
    /// process listening there is our user or root (`SO_PEERCRED`).
    private func connectTrusted() throws(ControlChannelError) -> Int32 {
        var fd: Int32 = -1
        var owner: uid_t = 0
        let error = fm_unix_connect(path, 1, &fd, &owner)
        guard error == 0 else {
            throw .unreachable(path: path, reason: String(cString: strerror(error)))
        }
        guard owner == geteuid() || owner == 0 else {
            close(fd)
            throw .impostor(path: path, uid: owner)
        }
        return fd
    }

    /// Connects, sends `request`, and hands the replies to `body`; the connection is closed
    /// afterwards, also on failure and cancellation.
    private func converse<T: Sendable>(_ request: ControlRequest, _ body: (inout ReplyReader) async throws -> T) async throws -> T {
        let socket = try connectTrusted()
        let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>
        do {
            channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .withConnectedSocket(socket) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                    }
                }
        } catch {
            close(socket)
            throw ControlChannelError.unreachable(path: path, reason: "\(error)")
        }
        return try await channel.executeThenClose { inbound, outbound in
            try await outbound.write(ByteBuffer(string: request.jsonLine))
            var reader = ReplyReader(path: path, iterator: inbound.makeAsyncIterator())
            return try await body(&reader)
        }
    }
}
