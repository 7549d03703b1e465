import Glibc

/// A file's device and inode: how systemd's `JOURNAL_STREAM=DEV:INODE` names the stream it
/// connected to a service's stdout and stderr.
struct FileIdentity: Equatable, Sendable {
    let device: UInt64
    let inode: UInt64

    init(device: UInt64, inode: UInt64) {
        self.device = device
        self.inode = inode
    }

    /// Parses `JOURNAL_STREAM` (`DEV:INODE`, both decimal); nil when malformed.
    init?(journalStream text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let device = UInt64(parts[0]), let inode = UInt64(parts[1]) else { return nil }
        self.init(device: device, inode: inode)
    }

    /// The identity of an open descriptor, or nil when `fstat` fails (e.g. fd closed).
    static func of(fd: Int32) -> FileIdentity? {
        var info = stat()
        guard fstat(fd, &info) == 0 else { return nil }
        return FileIdentity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    }
}
