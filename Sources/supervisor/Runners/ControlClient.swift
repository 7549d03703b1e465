import ControlProtocol

/// One connection to the control socket: what it sent that is not served yet, what is waiting
/// to be written to it, the instances it follows (`logs -f`), and the times the server's bounds
/// are measured from.
final class ControlClient {
    let fd: Int32
    let peer: PeerCredentials
    /// Request lines received and not served yet (see `ControlServer.wantsInput` for what
    /// bounds them).
    var input = LineBuffer(maxLineBytes: ControlRequest.maxLineBytes)
    /// Bytes to write; those before `written` are already sent.
    private(set) var output: [UInt8] = []
    private var written = 0
    /// The instances whose new lines it gets; nil when it does not follow.
    var following: Set<String>?
    /// `logs -f` without targets: every instance, also those a later `scale` adds.
    var followingAll = false
    /// Close once `output` is written (a reply that ends the conversation).
    var closeWhenWritten = false
    /// A request whose answer comes later (a restart): nothing more is served meanwhile.
    var awaitingAnswer = false
    /// Whether its socket is watched for input (see `ControlServer.wantsInput`).
    var reading = true
    /// The last turn served `ControlServer.requestsPerTurn` of its requests: more may wait.
    var backlogged = false
    /// When it connected, and when it last sent a complete request (nil: never).
    let connectedAt: Milliseconds
    var lastRequestAt: Milliseconds?
    /// When its socket last took bytes, or its output began to wait.
    var lastWriteAt: Milliseconds

    init(fd: Int32, peer: PeerCredentials, now: Milliseconds) {
        self.fd = fd
        self.peer = peer
        connectedAt = now
        lastWriteAt = now
    }

    /// Bytes queued and not written yet.
    var pendingOutput: Int { output.count - written }

    /// Queues bytes to write.
    func queue(_ text: String, now: Milliseconds) {
        if pendingOutput == 0 {
            lastWriteAt = now
            output.removeAll(keepingCapacity: true)
            written = 0
        }
        output.append(contentsOf: text.utf8)
    }

    /// The queued bytes not written yet, for `send(2)`.
    func withPendingOutput<T>(_ body: (UnsafeRawBufferPointer) -> T) -> T {
        output.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[written...])) }
    }

    /// `count` more bytes were written; what was written is dropped once it is most of the queue.
    func wrote(_ count: Int, now: Milliseconds) {
        written += count
        lastWriteAt = now
        if written == output.count {
            output.removeAll(keepingCapacity: output.capacity <= ControlServer.replyHighWater)
            written = 0
        } else if written >= output.count / 2 {
            output.removeSubrange(..<written)
            written = 0
        }
    }

    /// Forgets what waits to be written (the peer is gone).
    func discardOutput() {
        output = []
        written = 0
    }
}
