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
/// When journald stops taking entries, the sink prints one warning and from then on hands
/// every line and event to the terminal `fallback`: nothing is dropped silently. (Under
/// `--log-sink both` there is no fallback: the terminal sink beside it already has every line.)
final class JournaldSink: LogSink {
    private let socket: JournalSocket
    /// `--identifier`, else nil (the process type for lines, `supervisor` for events).
    private let identifier: String?
    private let makeFallback: () -> LogSink?
    private var fallback: LogSink?
    private var failed = false
    private let lineFields: JournalLineFields
    private var batch = JournalBatch()
    /// Encoded fixed fields per `LineSource.id`, and the pid they name (a restart changes it).
    private var headers: [UnsafeMutableRawBufferPointer?] = []
    private var headerPIDs: [pid_t] = []

    static let supervisorIdentifier = "supervisor"

    init(socket: JournalSocket, identifier: String?, fallback: @escaping () -> LogSink?) {
        self.socket = socket
        self.identifier = identifier
        self.makeFallback = fallback
        lineFields = JournalLineFields()
    }

    deinit {
        sendBatch()   // an error path that left the loop without drain() loses no line
        for header in headers { header?.deallocate() }
    }

    func line(_ text: UnsafeRawBufferPointer, from source: LineSource) {
        if failed {
            fallback?.line(text, from: source)
            return
        }
        let header = header(for: source)
        let count = lineFields.prepare(line: text, stream: source.stream, header: header)
        if text.count + header.count >= JournalBatch.limit {
            sendBatch()
            if failed {
                fallback?.line(text, from: source)
                return
            }
            if let error = socket.send(lineFields.iov, count: count) {
                fail(error)
                fallback?.line(text, from: source)
            }
            return
        }
        batch.append(lineFields, count: count, from: source)
        if batch.isFull { sendBatch() }
    }

    /// Sends the batched lines as one datagram; when journald refuses it, falls back and hands
    /// them to the terminal.
    private func sendBatch() {
        if batch.isEmpty { return }
        let entries = batch.entries.bytes
        var iov = iovec(iov_base: UnsafeMutableRawPointer(mutating: entries.baseAddress), iov_len: entries.count)
        if let error = socket.send(&iov, count: 1) {
            fail(error)
            batch.forEachLine { text, source in fallback?.line(text, from: source) }
        }
        batch.removeAll()
    }

    func event(_ event: SupervisorEvent) {
        sendBatch()
        if failed {
            fallback?.event(event)
            return
        }
        var entry = ByteBuffer(capacity: 512)
        JournalField.append("MESSAGE", event.message, to: &entry)
        JournalField.append("MESSAGE_ID", event.journalMessageID, to: &entry)
        JournalField.append("PRIORITY", "\(event.journalPriority)", to: &entry)
        JournalField.append("SYSLOG_IDENTIFIER", identifier ?? Self.supervisorIdentifier, to: &entry)
        for (key, value) in event.journalFields { JournalField.append(key, value, to: &entry) }
        var iov = iovec(iov_base: entry.base, iov_len: entry.count)
        if let error = socket.send(&iov, count: 1) {
            fail(error)
            fallback?.event(event)
        }
    }

    func flush() {
        sendBatch()
        fallback?.flush()
    }

    var backlog: Int { fallback?.backlog ?? 0 }

    func drain() {
        sendBatch()
        fallback?.drain()
    }

    private func fail(_ error: SupervisorError) {
        failed = true
        fallback = makeFallback()
        let message = "journald stopped taking entries (\(error.description)): writing to the terminal from now on"
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
