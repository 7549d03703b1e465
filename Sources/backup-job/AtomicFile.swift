#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A file written under a temporary name beside its final one, fsynced, then renamed into place
/// (and the directory fsynced): readers see either the old file or the whole new one, never a
/// half-written file under the final name.
final class AtomicFile {
    let finalPath: String
    let temporaryPath: String
    private var fd: Int32
    private var buffer: [UInt8] = []

    /// Creates the temporary file.
    init(path: String) throws(JobError) {
        finalPath = path
        let url = URL(fileURLWithPath: path)
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        } catch {
            throw JobError("cannot create the directory of \(path): \((error as NSError).localizedDescription)")
        }
        temporaryPath = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())").path
        fd = open(temporaryPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw JobError("cannot create \(temporaryPath): \(String(cString: strerror(errno)))") }
    }

    /// Appends bytes (buffered).
    func append(_ data: Data) throws(JobError) {
        buffer.append(contentsOf: data)
        if buffer.count >= 1 << 20 { try flush() }
    }

    private func flush() throws(JobError) {
        var offset = 0
        while offset < buffer.count {
            let written = buffer.withUnsafeBytes { write(fd, $0.baseAddress.map { $0 + offset }, $0.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                throw JobError("cannot write \(temporaryPath): \(String(cString: strerror(errno)))")
            }
            offset += written
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes, fsyncs, closes and renames the file into place, then fsyncs the directory.
    func commit() throws(JobError) {
        try flush()
        guard fsync(fd) == 0 else { throw JobError("cannot fsync \(temporaryPath): \(String(cString: strerror(errno)))") }
        close(fd)
        fd = -1
        guard rename(temporaryPath, finalPath) == 0 else {
            throw JobError("cannot rename \(temporaryPath) to \(finalPath): \(String(cString: strerror(errno)))")
        }
        let directory = URL(fileURLWithPath: finalPath).deletingLastPathComponent().path
        let dirFD = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dirFD >= 0 {
            fsync(dirFD)
            close(dirFD)
        }
    }

    /// Removes the temporary file (after a failure).
    func discard() {
        if fd >= 0 { close(fd); fd = -1 }
        unlink(temporaryPath)
    }
}
