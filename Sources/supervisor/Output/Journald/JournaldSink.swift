import CJournald
import Glibc

/// Sends each child line as one journal entry over the native protocol: MESSAGE, PRIORITY
/// (6 for stdout, 3 for stderr, or a leading sd-daemon `<N>`, stripped), SYSLOG_IDENTIFIER,
/// PROCESS_TYPE, PROCESS_INSTANCE, PROCESS_PID and STREAM.
///
/// Lines are batched: the entries of one turn of the event loop (up to 64 KiB) travel as one
/// datagram, which journald splits at the empty lines between entries (see `JournalBatch`).
/// The fields fixed per stream are encoded once per `LineSource`. A line too long for a batch
/// goes alone, gathered from iovecs without a copy (`fj_native_send` passes it in a memfd when
/// it exceeds the socket's datagram size). Events go at once, after the lines before them.
/// A send blocks while journald's queue is full, which stops the loop reading the children:
/// the same backpressure as a slow terminal, so `backlog` is at most one batch.
///
/// The socket does not block. When journald's queue is full (journald busy, stopped or stuck)
/// the batch waits in `waiting` and the sink reports a large backlog, so the loop stops reading
/// the children (they block on their pipes; nothing is lost) while signals, reaping and stops go
/// on. After `patience` without progress, or at once when journald is gone (ECONNREFUSED,
/// ENOENT), the sink says so in one line and hands every waiting line, and the lines after it,
/// to the terminal `fallback`; every `probeInterval` it tries journald again and, once an entry
/// goes through, says so and writes to journald again. (Under `--log-sink both` there is no
/// fallback: the terminal sink beside it already has every line.)
final class JournaldSink: LogSink {
    private let socket: JournalSocket
    /// `--identifier`, else nil (the process type for lines, `supervisor` for events).
    private let identifier: String?
    /// Whether events carry PROCESS_TYPE and PROCESS_INSTANCE. Not under a unit that names its
    /// instance itself (`supervisor run` in an exported unit, whose `LogExtraFields=` adds
    /// both to every entry: journald would keep the two values side by side).
    private let eventInstanceFields: Bool
    private let makeFallback: () -> LogSink?
    private var fallback: LogSink?
    private var health = Health.up
    private let lineFields: JournalLineFields
    /// The lines of this turn of the loop.
    private var batch = JournalBatch()
    /// A batch journald had no room for (EAGAIN): sent again before anything else.
    private var waiting = JournalBatch()
    /// Encoded fixed fields per `LineSource.id`, and the pid they name (a restart changes it).
    private var headers: [UnsafeMutableRawBufferPointer?] = []
    private var headerPIDs: [pid_t] = []

    static let supervisorIdentifier = "supervisor"
    /// How long journald may take nothing before lines go to the terminal.
    static let patience: Int64 = 1000
    /// How often journald is tried again while lines go to the terminal.
    static let probeInterval: Int64 = 1000

    enum Health {
        case up
        /// journald took nothing since then (EAGAIN).
        case blocked(since: Int64)
        /// Lines go to the fallback; journald is tried again at `probe`.
        case away(probe: Int64)
    }

    init(socket: JournalSocket, identifier: String?, eventInstanceFields: Bool = true, fallback: @escaping () -> LogSink?) {
        self.socket = socket
        self.identifier = identifier
        self.eventInstanceFields = eventInstanceFields
        self.makeFallback = fallback
        lineFields = JournalLineFields()
    }

    deinit {
        sendBatch()   // an error path that left the loop without drain() loses no line
        handWaitingToFallback()
        for header in headers { header?.deallocate() }
    }

    func line(_ text: UnsafeRawBufferPointer, from source: LineSource) {
        if case .away(let probe) = health, MonotonicClock.nowMilliseconds() < probe {
            fallback?.line(text, from: source)
            return
        }
        let header = header(for: source)
        let count = lineFields.prepare(line: text, stream: source.stream, header: header)
        if text.count + header.count >= JournalBatch.limit {
            sendBatch()
            guard case .up = health, waiting.isEmpty, batch.isEmpty else {
                fallback?.line(text, from: source)
                return
            }
            if let error = socket.send(lineFields.iov, count: count) {
                refused(error)
                fallback?.line(text, from: source)
            }
            return
        }
        batch.append(lineFields, count: count, from: source)
        if batch.isFull { sendBatch() }
    }

    /// Sends what waits, then this turn's batch, each as one datagram. EAGAIN keeps them (the
    /// batch moves to `waiting`); while away, a batch that journald still refuses goes to the
    /// terminal. A batch may grow past its limit while both wait: the loop stops reading the
    /// children as soon as it sees the backlog, so by at most one turn's reads.
    private func sendBatch() {
        if !waiting.isEmpty {
            guard send(&waiting) else { return }
        }
        if batch.isEmpty { return }
        if !waiting.isEmpty { return }
        if !send(&batch) { swap(&batch, &waiting) }
    }

    /// Sends `entries`; true when journald took them (or, while away, the terminal did).
    private func send(_ entries: inout JournalBatch) -> Bool {
        let bytes = entries.entries.bytes
        var iov = iovec(iov_base: UnsafeMutableRawPointer(mutating: bytes.baseAddress), iov_len: bytes.count)
        if let error = socket.send(&iov, count: 1) {
            refused(error)
            if case .away = health {
                entries.forEachLine { text, source in fallback?.line(text, from: source) }
                entries.removeAll()
                return true
            }
            return false
        }
        accepted()
        entries.removeAll()
        return true
    }

    /// journald took an entry: back from blocked or away.
    private func accepted() {
        if case .away = health {
            health = .up
            fallback?.event(.warning("journald takes entries again: writing to it from now on"))
            fallback?.flush()
        }
        health = .up
    }

    /// journald refused an entry: EAGAIN starts the patience; anything else, or EAGAIN for longer
    /// than `patience`, sends lines to the terminal until a probe goes through.
    private func refused(_ error: SupervisorError) {
        let now = MonotonicClock.nowMilliseconds()
        switch health {
        case .away:
            health = .away(probe: now + Self.probeInterval)
        case .up where error.errno == EAGAIN:
            health = .blocked(since: now)
        case .blocked(let since) where error.errno == EAGAIN:
            if now - since >= Self.patience {
                health = .away(probe: now + Self.probeInterval)
                goAway(nil)
            }
        case .up, .blocked:
            health = .away(probe: now + Self.probeInterval)
            goAway(error)
        }
    }

    func event(_ event: SupervisorEvent) {
        sendBatch()
        guard case .up = health, waiting.isEmpty, batch.isEmpty else {
            fallback?.event(event)
            return
        }
        var entry = ByteBuffer(capacity: 512)
        JournalField.append("MESSAGE", event.message, to: &entry)
        JournalField.append("MESSAGE_ID", event.journalMessageID, to: &entry)
        JournalField.append("PRIORITY", "\(event.journalPriority)", to: &entry)
        JournalField.append("SYSLOG_IDENTIFIER", identifier ?? Self.supervisorIdentifier, to: &entry)
        for (key, value) in event.journalFields where eventInstanceFields || (key != "PROCESS_TYPE" && key != "PROCESS_INSTANCE") {
            JournalField.append(key, value, to: &entry)
        }
        var iov = iovec(iov_base: entry.base, iov_len: entry.count)
        if let error = socket.send(&iov, count: 1) {
            refused(error)
            fallback?.event(event)
        }
    }

    func flush() {
        sendBatch()
        if case .blocked(let since) = health, MonotonicClock.nowMilliseconds() - since >= Self.patience {
            health = .away(probe: MonotonicClock.nowMilliseconds() + Self.probeInterval)
            goAway(nil)
            handWaitingToFallback()
        }
        fallback?.flush()
    }

    /// While a batch waits for journald, a backlog far above any high-water mark: the loop stops
    /// reading the children until journald takes it or the sink gives up on journald.
    var backlog: Int { waiting.isEmpty ? fallback?.backlog ?? 0 : Int.max / 4 }

    /// At exit: waits for journald as long as it makes progress (it may only be slower than us:
    /// its queue holds a few datagrams); what it has not taken after `patience` without progress
    /// goes to the terminal. (An unconnected datagram socket cannot be polled for the receiver's
    /// room, so the wait is a short sleep between tries.)
    func drain() {
        sendBatch()
        while !waiting.isEmpty || !batch.isEmpty {
            guard case .blocked(let since) = health, MonotonicClock.nowMilliseconds() - since < Self.patience else { break }
            usleep(2_000)
            sendBatch()
        }
        if !waiting.isEmpty || !batch.isEmpty {
            if case .blocked = health {
                health = .away(probe: Int64.max)
                goAway(nil)
            }
            if fallback == nil { fallback = makeFallback() }
            handWaitingToFallback()
        }
        fallback?.drain()
    }

    private func handWaitingToFallback() {
        waiting.forEachLine { text, source in fallback?.line(text, from: source) }
        waiting.removeAll()
        batch.forEachLine { text, source in fallback?.line(text, from: source) }
        batch.removeAll()
    }

    /// Says once that lines go to the terminal from now on, and why.
    private func goAway(_ error: SupervisorError?) {
        if fallback == nil { fallback = makeFallback() }
        let why = error.map { "journald refused an entry (\($0.description))" } ?? "journald has taken nothing for \(Self.patience / 1000)s"
        let message = "\(why): writing to the terminal until it takes entries again"
        if let fallback {
            fallback.event(.warning(message))
        } else {
            StandardError.write("supervisor: \(message)\n")
        }
    }

    private func header(for source: LineSource) -> UnsafeRawBufferPointer {
        if source.id < headers.count, let header = headers[source.id] {
            if headerPIDs[source.id] == source.pid { return UnsafeRawBufferPointer(header) }
            header.deallocate()
            headers[source.id] = nil
        }
        if source.id >= headers.count {
            headers.append(contentsOf: repeatElement(nil, count: source.id + 1 - headers.count))
            headerPIDs.append(contentsOf: repeatElement(0, count: source.id + 1 - headerPIDs.count))
        }
        var fields = ByteBuffer(capacity: 256)
        JournalField.append("SYSLOG_IDENTIFIER", identifier ?? source.type, to: &fields)
        JournalField.append("PROCESS_TYPE", source.type, to: &fields)
        JournalField.append("PROCESS_INSTANCE", source.instance, to: &fields)
        JournalField.append("PROCESS_PID", "\(source.pid)", to: &fields)
        JournalField.append("STREAM", source.stream.rawValue, to: &fields)
        let stored = UnsafeMutableRawBufferPointer.allocate(byteCount: fields.count, alignment: 1)
        stored.copyMemory(from: fields.bytes)
        headers[source.id] = stored
        headerPIDs[source.id] = source.pid
        return UnsafeRawBufferPointer(stored)
    }
}
