import CSupervisor

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

    func drain(timeoutMilliseconds: Int32 = -1) { _ = fm_writer_drain(writer, timeoutMilliseconds) }
}
