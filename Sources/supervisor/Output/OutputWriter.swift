import CSupervisor
import Glibc

/// Owns the C writer thread for one file descriptor (see `fm_writer`).
final class OutputWriter {
    private let writer: OpaquePointer

    init(fd: Int32) throws(SupervisorError) {
        guard let writer = fm_writer_create(fd) else {
            throw .systemCall("pthread_create", 11, while: "starting the output writer thread")
        }
        self.writer = writer
    }

    deinit { fm_writer_destroy(writer) }

    func submit(_ bytes: UnsafeRawBufferPointer) {
        guard bytes.count > 0 else { return }
        _ = fm_writer_submit(writer, bytes.baseAddress, bytes.count)
    }

    var pending: Int { Int(fm_writer_pending(writer)) }

    /// Waits until everything submitted is written, as long as the reader keeps reading: gives
    /// up after `stallMilliseconds` without progress (a paused terminal, a stalled ssh, a pipe
    /// nobody reads), so that the supervisor can still exit.
    func drain(stallMilliseconds: Int32 = 1000) {
        var waiting = pending
        while waiting > 0, fm_writer_drain(writer, stallMilliseconds) == ETIMEDOUT {
            let now = pending
            if now >= waiting { return }
            waiting = now
        }
    }

    /// What could not be written: bytes and the errno of the first failed write (0: none failed,
    /// the reader stopped reading).
    var lost: (bytes: Int, error: Int32) {
        var error: Int32 = 0
        let bytes = fm_writer_lost(writer, &error)
        return (Int(bytes), error)
    }

    /// Bytes dropped so far after a failed write (those still waiting are not lost yet).
    var dropped: Int { Int(fm_writer_dropped(writer)) }
}
