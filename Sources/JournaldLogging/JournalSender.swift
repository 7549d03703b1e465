import CSystemd

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Sends entries with libsystemd's `sd_journal_sendv` (its own socket, shared by the whole
/// process; a datagram send is atomic, so concurrent loggers need no lock).
enum JournalSender {
    /// journald's datagram socket, the one sd_journal_sendv writes to.
    static let socketPath = "/run/systemd/journal/socket"

    /// Sends one entry; returns nil, or what failed.
    static func send(_ entry: JournalEntry) -> String? {
        // sd_journal_sendv reports success and drops the entry when the socket is missing
        // (ENOENT), as libsystemd chooses; the handler's promise is that nothing is dropped
        // silently, so it looks first (one stat; a socket left by a journald that has gone is
        // refused, which sd_journal_sendv does report).
        guard access(socketPath, F_OK) == 0 else { return "\(socketPath) does not exist" }
        let result: Int32 = entry.bytes.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return -EINVAL }
            var start = 0
            let items = entry.ends.map { end -> iovec in
                defer { start = end }
                return iovec(iov_base: UnsafeMutableRawPointer(mutating: base + start), iov_len: end - start)
            }
            return items.withUnsafeBufferPointer { sd_journal_sendv($0.baseAddress, Int32($0.count)) }
        }
        if result >= 0 { return nil }
        let text = strerror(-result).map { String(cString: $0) } ?? "error"
        return "sd_journal_sendv failed: \(text) (errno \(-result))"
    }
}
