#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Waits for and accepts connections on a listening socket that other processes accept on too
/// (`web=2` under `supervisor --socket web`, both instances of a rolling restart).
///
/// Why not NIO's server channel: every process polling a shared socket is woken by each new
/// connection and all but one find nothing to accept (`EAGAIN`), which NIO's debug builds assert
/// never happens (`BaseSocketChannel.readable0`: a readable socket that gave nothing): the tests'
/// debug `web` would die of SIGILL under a shared socket. So this waits with `poll` on a thread
/// of its own, takes what `accept` gives, and ``InheritedSocketServer`` hands each connection
/// to NIO (`ClientBootstrap.withConnectedSocket`).
final class SharedSocketAcceptor: Sendable {
    /// What one wait gave.
    enum Outcome: Sendable {
        /// Accepted connections (close-on-exec), for NIO to take over.
        case connections([Int32])
        /// ``stop()`` was called: accept no more.
        case stopped
        /// `accept` failed for another reason than another process being first (`EMFILE`, ...).
        case failed(errno: Int32)
    }

    let descriptor: Int32
    /// A pipe whose write end ``stop()`` writes to, waking the `poll` for good.
    private let wake: (read: Int32, write: Int32)

    /// Takes `descriptor` (non-blocking from now on: an `accept` that loses the race returns at once).
    init(descriptor: Int32) throws(AcceptorError) {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { throw AcceptorError(call: "pipe", errno: errno) }
        for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        let flags = fcntl(descriptor, F_GETFL)
        guard flags >= 0, fcntl(descriptor, F_SETFL, flags | O_NONBLOCK) == 0 else {
            let error = errno
            ends.forEach { _ = close($0) }
            throw AcceptorError(call: "fcntl(F_SETFL, O_NONBLOCK) on fd \(descriptor)", errno: error)
        }
        self.descriptor = descriptor
        wake = (ends[0], ends[1])
    }

    deinit {
        close(descriptor)
        close(wake.read)
        close(wake.write)
    }

    /// Blocks until connections are waiting and accepts them (at most 64), or until ``stop()``.
    func next() -> Outcome {
        var waiting = [pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0), pollfd(fd: wake.read, events: Int16(POLLIN), revents: 0)]
        while true {
            if poll(&waiting, 2, -1) < 0 {
                if errno == EINTR { continue }
                return .failed(errno: errno)
            }
            if waiting[1].revents != 0 { return .stopped }
            var accepted: [Int32] = []
            while accepted.count < 64 {
                let connection = accept(descriptor, nil, nil)
                if connection >= 0 {
                    _ = fcntl(connection, F_SETFD, FD_CLOEXEC)
                    accepted.append(connection)
                    continue
                }
                if errno == EINTR || errno == ECONNABORTED { continue }
                if errno == EAGAIN || errno == EWOULDBLOCK || !accepted.isEmpty { break }
                return .failed(errno: errno)
            }
            if !accepted.isEmpty { return .connections(accepted) }
        }
    }

    /// Ends ``next()`` now and every later call: nothing more is accepted.
    func stop() {
        var byte: UInt8 = 1
        _ = write(wake.write, &byte, 1)
    }
}
