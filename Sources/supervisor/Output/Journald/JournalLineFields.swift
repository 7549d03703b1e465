import CJournald
import Glibc

/// The iovecs of one line's entry, reused for every line: the stream's fixed fields, PRIORITY,
/// the MESSAGE head (`MESSAGE=` or the binary form's name and length), the line's own bytes
/// (not copied) and the final newline.
final class JournalLineFields {
    let iov: UnsafeMutablePointer<iovec>
    /// `PRIORITY=0\n` ... `PRIORITY=7\n`, 11 bytes each.
    private let priorities: UnsafeMutableRawPointer
    /// `MESSAGE=`, or `MESSAGE\n` and 8 bytes of length: `fj_field_head` rewrites it per line.
    private let messageHead: UnsafeMutableRawPointer
    private let newline: UnsafeMutableRawPointer

    static let capacity = 5
    /// The iovec holding the line's own bytes (after any `<N>` prefix).
    static let messageIndex = 3
    /// The sd-daemon priority prefix `prepare` stripped from the last line, or -1.
    private(set) var strippedPrefix = -1
    private static let priorityLength = 11

    init() {
        iov = .allocate(capacity: Self.capacity)
        priorities = Self.store((0...7).flatMap { Array("PRIORITY=\($0)\n".utf8) })
        messageHead = Self.store(Array(repeating: 0, count: Int(FJ_FIELD_HEAD_MAX)))
        newline = Self.store([10])
    }

    deinit {
        iov.deallocate()
        for pointer in [priorities, messageHead, newline] { pointer.deallocate() }
    }

    private static func store(_ bytes: [UInt8]) -> UnsafeMutableRawPointer {
        let pointer = UnsafeMutableRawPointer.allocate(byteCount: bytes.count, alignment: 8)
        bytes.withUnsafeBytes { pointer.copyMemory(from: $0.baseAddress ?? UnsafeRawPointer(pointer), byteCount: bytes.count) }
        return pointer
    }

    /// Fills `iov` for `line`; returns how many iovecs to send.
    func prepare(line: UnsafeRawBufferPointer, stream: LineSource.Stream, header: UnsafeRawBufferPointer) -> Int {
        var message = line
        var priority = stream == .stderr ? 3 : 6
        strippedPrefix = Int(fj_priority_prefix(line.baseAddress, line.count))
        if strippedPrefix >= 0 {
            priority = strippedPrefix
            message = UnsafeRawBufferPointer(rebasing: line[3...])
        }
        iov[0] = iovec(iov_base: UnsafeMutableRawPointer(mutating: header.baseAddress), iov_len: header.count)
        iov[1] = iovec(iov_base: priorities + priority * Self.priorityLength, iov_len: Self.priorityLength)
        iov[2] = iovec(iov_base: messageHead, iov_len: fj_field_head("MESSAGE", 7, message.baseAddress, message.count, messageHead))
        iov[Self.messageIndex] = iovec(iov_base: UnsafeMutableRawPointer(mutating: message.baseAddress), iov_len: message.count)
        iov[4] = iovec(iov_base: newline, iov_len: 1)
        return Self.capacity
    }
}
