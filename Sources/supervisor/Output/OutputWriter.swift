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

    /// Formats straight into the output waiting for the thread: `fill` gets room for `count`
    /// bytes and returns how many it wrote, so a line is copied once on its way out instead of
    /// into a buffer of ours first. The thread writes on meanwhile; `fill` only copies bytes and
    /// calls nothing else on this writer.
    /// `wake`: hand the output on now, not at the next `flush`.
    func append(reserving count: Int, wake: Bool, _ fill: (UnsafeMutableRawBufferPointer) -> Int) {
        guard count > 0, let room = fm_writer_reserve(writer, count) else { return }
        let used = fill(UnsafeMutableRawBufferPointer(start: room, count: count))
        _ = fm_writer_commit(writer, min(max(used, 0), count), wake ? 1 : 0)
    }

    /// Readable once fewer bytes than asked with `wake(below:)` wait (-1: none); never blocks.
    var wakeFD: Int32 { fm_writer_wake_fd(writer) }

    /// Makes `wakeFD` readable once fewer than `bytes` wait, or now if that is already so.
    func wake(below bytes: Int) { fm_writer_wake_below(writer, max(bytes, 0)) }

    /// Wakes the thread for whatever `append` left waiting.
    func flush() { fm_writer_flush(writer) }

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
