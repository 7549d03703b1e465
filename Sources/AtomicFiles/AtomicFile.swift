#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file replaced whole, never written in place: the bytes go to a new file beside the target,
/// created with `O_CREAT|O_EXCL|O_NOFOLLOW` under an unpredictable name, given its mode with
/// `fchmod`, fsynced, then renamed over the target (and the directory fsynced).
///
/// Readers see the old file or the whole new one. Nothing at the target path is followed or
/// opened: a symlink planted there is replaced, not written through, and a file someone else
/// prepared under a guessable temporary name is never reused. Any failure, and a file dropped
/// without ``commit()``, removes the temporary file.
public final class AtomicFile {
    /// Where the file ends up.
    public let path: String
    /// The temporary file, beside `path`, until ``commit()``.
    public let temporaryPath: String
    private var fd: Int32
    private var buffer: [UInt8] = []
    /// Renamed into place or removed: nothing left to clean up.
    private var finished = false

    /// Bytes buffered before a write.
    public static let bufferBytes = 1 << 20
    /// Names tried before giving up when each one exists already (EEXIST).
    public static let maximumAttempts = 16

    /// Creates the temporary file in `path`'s directory, which must exist. `mode` is the final
    /// mode (not reduced by the umask): 0o600 for anything holding secrets or data.
    public init(path: String, mode: UInt32) throws(AtomicFileError) {
        self.path = path
        let directory = Directories.parent(of: path)
        let name = path.split(separator: "/").last.map(String.init) ?? path
        var attempt = 0
        while true {
            let candidate = (directory == "/" ? "" : directory) + "/" + Self.temporaryName(for: name)
            // 0600 until fchmod, whatever the umask: never readable by others before its mode is set.
            let opened = open(candidate, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
            if opened >= 0 {
                fd = opened
                temporaryPath = candidate
                break
            }
            let code = errno
            attempt += 1
            if code == EINTR || (code == EEXIST && attempt < Self.maximumAttempts) { continue }
            throw AtomicFileError("cannot create a temporary file in", path: directory, errno: code)
        }
        if fchmod(fd, mode_t(mode)) != 0 { throw failure("cannot set the mode of") }
    }

    deinit { discard() }

    /// `.NAME.<16 random hex digits>.tmp`, NAME cut to 200 bytes so that the whole fits a file
    /// name (255 bytes).
    static func temporaryName(for name: String) -> String {
        var kept = ""
        for character in name {
            if kept.utf8.count + character.utf8.count > 200 { break }
            kept.append(character)
        }
        let random = String(UInt64.random(in: .min ... .max), radix: 16)
        return "." + kept + "." + String(repeating: "0", count: 16 - random.count) + random + ".tmp"
    }

    /// Appends bytes (buffered); on failure the temporary file is removed.
    public func append(_ bytes: some Sequence<UInt8>) throws(AtomicFileError) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= Self.bufferBytes { try flush() }
    }

    private func flush() throws(AtomicFileError) {
        var offset = 0
        while offset < buffer.count {
            let written = buffer.withUnsafeBytes { Glibc.write(fd, $0.baseAddress.map { $0 + offset }, $0.count - offset) }
            if written < 0 && errno == EINTR { continue }
            if written <= 0 { throw failure("cannot write") }
            offset += written
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes what is buffered, fsyncs, closes and renames the file over `path` (replacing
    /// whatever is there, a symlink included), then fsyncs the directory. On failure the
    /// temporary file is removed and `path` is unchanged.
    public func commit() throws(AtomicFileError) {
        try flush()
        if fsync(fd) != 0 { throw failure("cannot fsync") }
        let closed = close(fd)
        fd = -1
        if closed != 0 { throw failure("cannot close") }
        if rename(temporaryPath, path) != 0 {
            let code = errno
            discard()
            throw AtomicFileError("cannot rename \(temporaryPath) to", path: path, errno: code)
        }
        finished = true
        let directory = open(Directories.parent(of: path), O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directory >= 0 {
            fsync(directory)
            close(directory)
        }
    }

    /// Closes and removes the temporary file unless it was committed (after a failure elsewhere).
    public func discard() {
        if fd >= 0 {
            close(fd)
            fd = -1
        }
        if !finished {
            unlink(temporaryPath)
            finished = true
        }
    }

    /// The error for the call that just failed, after removing the temporary file.
    private func failure(_ action: String) -> AtomicFileError {
        let error = AtomicFileError(action, path: temporaryPath, errno: errno)
        discard()
        return error
    }

    /// Writes `bytes` to `path` as one ``AtomicFile``: the whole file or, on failure, no change.
    public static func write(_ bytes: some Sequence<UInt8>, to path: String, mode: UInt32) throws(AtomicFileError) {
        let file = try AtomicFile(path: path, mode: mode)
        try file.append(bytes)
        try file.commit()
    }
}
