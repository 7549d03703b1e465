import NIOCore

/// One HTTP/1 connection's part in a graceful shutdown, as a value: events in, actions out
/// (``DrainHandler`` carries them out on the connection).
///
/// Why it exists: on shutdown Hummingbird 2.28 closes an idle keep-alive connection at once, and
/// a busy one right after its response, which says nothing about closing. A client that sends
/// its next request on that connection at that moment gets no answer (the classic keep-alive
/// race), which a rolling restart turns into failed requests. So once draining:
/// - every response head says `Connection: close`, and the connection closes after that
///   response (its output first, so that a request already on the wire is read, not reset);
/// - a connection with no request in progress closes only once it has been idle for
///   `idleGrace`: one in steady use sends its next request before that and gets it answered
///   with `Connection: close`, so the client itself moves on to a new connection.
struct ConnectionDrain {
    enum Action: Equatable {
        case none
        /// The response that said `Connection: close` is written: close the output, then the rest.
        case closeAfterResponse
        /// Idle for the whole grace while draining: close.
        case closeIdle
        /// Look again at this time (`idleCheck(now:)`).
        case checkIdle(at: NIODeadline)
    }

    let idleGrace: TimeAmount
    /// Requests whose response has not ended.
    private(set) var inProgress = 0
    private(set) var draining = false
    /// A response head said `Connection: close`.
    private(set) var closeAnnounced = false
    /// When the last response ended (or the connection was accepted).
    private(set) var idleSince: NIODeadline

    init(idleGrace: TimeAmount, now: NIODeadline) {
        self.idleGrace = idleGrace
        idleSince = now
    }

    mutating func requestBegan() {
        inProgress += 1
    }

    /// Whether this response head must say `Connection: close`.
    mutating func responseHeadWillBeWritten() -> Bool {
        if draining { closeAnnounced = true }
        return draining
    }

    mutating func responseEnded(now: NIODeadline) -> Action {
        inProgress = max(0, inProgress - 1)
        guard inProgress == 0 else { return .none }
        idleSince = now
        if closeAnnounced { return .closeAfterResponse }
        // A response whose head went out before the shutdown began: the client may reuse the
        // connection, so it gets the idle grace like any other.
        return draining ? .checkIdle(at: now + idleGrace) : .none
    }

    /// The server began its graceful shutdown.
    mutating func quiesce(now: NIODeadline) -> Action {
        draining = true
        return idleCheck(now: now)
    }

    func idleCheck(now: NIODeadline) -> Action {
        guard draining, inProgress == 0, !closeAnnounced else { return .none }
        let deadline = idleSince + idleGrace
        return now >= deadline ? .closeIdle : .checkIdle(at: deadline)
    }
}
