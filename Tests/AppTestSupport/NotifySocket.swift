import Foundation
import Glibc

/// A `NOTIFY_SOCKET` the test binds itself, as a service manager does: an `AF_UNIX` datagram
/// socket with `SO_PASSCRED`, so each message comes with its sender's pid. Web's own notifications
/// (AppEndToEndTests) and the supervisor's to its manager (SupervisorTests) are read with it.
public final class NotifySocket: @unchecked Sendable {
    // @unchecked: immutable after init; the descriptor is read by one task at a time.
    public let path: String
    private let descriptor: Int32

    /// One datagram: its text and the sender's pid (from `SCM_CREDENTIALS`).
    public struct Message: Sendable {
        public var text: String
        public var pid: pid_t
        /// The `KEY=VALUE` lines as a dictionary.
        public var assignments: [String: String] {
            var result: [String: String] = [:]
            for line in text.split(separator: "\n") {
                guard let equals = line.firstIndex(of: "=") else { continue }
                result[String(line[..<equals])] = String(line[line.index(after: equals)...])
            }
            return result
        }
    }

    public init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("notify-\(UUID().uuidString.prefix(8)).sock").path
        descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
        guard descriptor >= 0 else { throw TestSupportError("socket(AF_UNIX, SOCK_DGRAM) failed: errno \(errno)") }
        var on: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_PASSCRED, &on, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in path.utf8.enumerated() { raw[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0 else { throw TestSupportError("bind \(path) failed: errno \(errno)") }
    }

    deinit {
        close(descriptor)
        unlink(path)
    }

    /// The next datagram, or nil when none came within `seconds`.
    public func receive(seconds: Double = 30) async -> Message? {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let message = receiveNow() { return message }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return nil
    }

    /// Waits for a datagram holding `key`; returns it with every datagram seen before it.
    public func waitFor(_ key: String, seconds: Double = 30) async -> (match: Message?, seen: [Message]) {
        var seen: [Message] = []
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline, let message = await receive(seconds: deadline.timeIntervalSinceNow) {
            if message.assignments[key] != nil { return (message, seen) }
            seen.append(message)
        }
        return (nil, seen)
    }

    private func receiveNow() -> Message? {
        var buffer = [UInt8](repeating: 0, count: 4096)
        var control = [UInt8](repeating: 0, count: 256)
        return buffer.withUnsafeMutableBytes { data in
            control.withUnsafeMutableBytes { controlBytes in
                var iov = iovec(iov_base: data.baseAddress, iov_len: data.count)
                var header = msghdr()
                header.msg_control = controlBytes.baseAddress
                header.msg_controllen = controlBytes.count
                let count = withUnsafeMutablePointer(to: &iov) { iovPointer in
                    header.msg_iov = iovPointer
                    header.msg_iovlen = 1
                    return recvmsg(descriptor, &header, 0)
                }
                guard count >= 0 else { return nil }
                var pid: pid_t = 0
                // The first control message is SCM_CREDENTIALS (SO_PASSCRED): a struct ucred of pid,
                // uid, gid. Glibc's module hides both names (they need _GNU_SOURCE): Linux's values.
                let scmCredentials: Int32 = 2
                if header.msg_controllen >= MemoryLayout<cmsghdr>.size, let base = controlBytes.baseAddress {
                    let cmsg = base.load(as: cmsghdr.self)
                    if cmsg.cmsg_level == SOL_SOCKET && cmsg.cmsg_type == scmCredentials {
                        pid = (base + MemoryLayout<cmsghdr>.size).loadUnaligned(as: pid_t.self)
                    }
                }
                return Message(text: String(decoding: UnsafeRawBufferPointer(rebasing: data[..<count]), as: UTF8.self), pid: pid)
            }
        }
    }
}
