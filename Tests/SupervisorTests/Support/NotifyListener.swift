import Foundation
import Glibc

/// A service manager's end of the notify protocol, for tests: a datagram socket at a path,
/// given to the supervisor as its `NOTIFY_SOCKET`; collects what arrives.
final class NotifyListener {
    let path: String
    private let fd: Int32

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("notify-\(UUID().uuidString.prefix(8))").path
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in path.utf8.enumerated() { raw[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        if fd < 0 || bound < 0 { throw POSIXError(.EADDRNOTAVAIL) }
    }

    deinit {
        close(fd)
        unlink(path)
    }

    /// Every datagram waiting now.
    func drain() -> [String] {
        var messages: [String] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = recv(fd, &buffer, buffer.count, 0)
            if count < 0 { break }
            messages.append(String(decoding: buffer[0..<count], as: UTF8.self))
        }
        return messages
    }

    /// Waits until a datagram containing `text` arrives; the datagrams seen meanwhile are kept in `seen`.
    func waitFor(_ text: String, seconds: Double = 10) async -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            seen += drain()
            if seen.contains(where: { $0.contains(text) }) { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return false
    }

    private(set) var seen: [String] = []

    func sawNothing(containing text: String) -> Bool {
        seen += drain()
        return !seen.contains { $0.contains(text) }
    }
}
