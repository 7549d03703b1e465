import Glibc

/// An inotify instance: a non-blocking, close-on-exec descriptor for the event loop, watches on
/// directories, and the events read from it. What the events mean is `WatchedPaths`' business.
final class FileWatch {
    /// One inotify event: the watch it came from (-1 for a queue overflow), what happened
    /// (`IN_*` bits) and the entry's name within the watched directory ("" for the directory itself).
    struct Event: Equatable, Sendable {
        let watch: Int32
        let mask: UInt32
        let name: String

        var isOverflow: Bool { mask & UInt32(IN_Q_OVERFLOW) != 0 }
        var isDirectory: Bool { mask & UInt32(IN_ISDIR) != 0 }
        /// The watch is gone: its directory was deleted, unmounted, or the watch removed.
        var isWatchGone: Bool { mask & UInt32(IN_IGNORED) != 0 }
        /// The watched directory itself was deleted or moved away.
        var isSelfGone: Bool { mask & (UInt32(IN_DELETE_SELF) | UInt32(IN_MOVE_SELF)) != 0 }
        /// An entry appeared: created, or moved (renamed) in.
        var isArrival: Bool { mask & (UInt32(IN_CREATE) | UInt32(IN_MOVED_TO)) != 0 }
        /// An entry left: deleted, or moved away.
        var isDeparture: Bool { mask & (UInt32(IN_DELETE) | UInt32(IN_MOVED_FROM)) != 0 }
        /// An entry's content or metadata changed (`touch` is IN_ATTRIB).
        var isWrite: Bool { mask & (UInt32(IN_MODIFY) | UInt32(IN_CLOSE_WRITE) | UInt32(IN_ATTRIB)) != 0 }
    }

    let fd: Int32

    /// What every watch asks for: entries created, deleted, moved, written and touched, and the
    /// directory's own end. `IN_ONLYDIR`: only directories are watched (a file is watched
    /// through its directory, by name, so a file renamed over it is seen). `IN_EXCL_UNLINK`:
    /// nothing from files already unlinked.
    static let mask: UInt32 = UInt32(IN_CREATE) | UInt32(IN_DELETE) | UInt32(IN_MOVED_FROM) | UInt32(IN_MOVED_TO)
        | UInt32(IN_MODIFY) | UInt32(IN_CLOSE_WRITE) | UInt32(IN_ATTRIB) | UInt32(IN_DELETE_SELF) | UInt32(IN_MOVE_SELF)
        | UInt32(IN_ONLYDIR) | UInt32(IN_EXCL_UNLINK)

    /// How many reads one turn of the loop makes at most (level-triggered: the rest comes next turn).
    static let readsPerTurn = 8
    static let bufferBytes = 64 * 1024

    private let buffer: UnsafeMutableRawBufferPointer

    init() throws(SupervisorError) {
        fd = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        if fd < 0 {
            let code = errno
            let hint = code == EMFILE ? "; raise the sysctl fs.inotify.max_user_instances" : ""
            throw SupervisorError(
                code: .systemCall, message: "inotify_init1 failed while starting --watch: \(ErrnoText.describe(code))\(hint)", errno: code)
        }
        buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.bufferBytes, alignment: 8)
    }

    deinit {
        close(fd)
        buffer.deallocate()
    }

    /// Watches the directory `path`; returns the watch's number. The same directory (inode)
    /// watched twice gives the same number. The error keeps the errno: ENOSPC when the user's
    /// `fs.inotify.max_user_watches` is used up; ENOENT, ENOTDIR when it is gone or not a directory.
    func add(_ path: String) throws(SupervisorError) -> Int32 {
        let watch = inotify_add_watch(fd, path, Self.mask)
        if watch < 0 { throw .systemCall("inotify_add_watch", errno, while: "watching \(path)") }
        return watch
    }

    func remove(_ watch: Int32) {
        _ = inotify_rm_watch(fd, watch)
    }

    /// The events waiting, up to `readsPerTurn` reads.
    func read() -> [Event] {
        var events: [Event] = []
        for _ in 0..<Self.readsPerTurn {
            let count = Glibc.read(fd, buffer.baseAddress, buffer.count)
            if count <= 0 { break }
            events += Self.parse(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
        }
        return events
    }

    /// Splits what one read returned into events: each a `struct inotify_event` (16 bytes)
    /// followed by `len` bytes of NUL-padded name.
    static func parse(_ bytes: UnsafeRawBufferPointer) -> [Event] {
        var events: [Event] = []
        let header = MemoryLayout<inotify_event>.size
        var offset = 0
        while offset + header <= bytes.count {
            let watch = bytes.loadUnaligned(fromByteOffset: offset, as: Int32.self)
            let mask = bytes.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self)
            let length = Int(bytes.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self))
            let nameStart = offset + header
            let nameEnd = min(bytes.count, nameStart + length)
            let nameBytes = bytes[nameStart..<nameEnd].prefix { $0 != 0 }
            events.append(Event(watch: watch, mask: mask, name: String(decoding: nameBytes, as: UTF8.self)))
            offset = nameStart + length
        }
        return events
    }
}
