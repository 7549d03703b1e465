import CSupervisor
import Glibc

/// A level-triggered epoll loop over file descriptors, with a millisecond timeout.
/// The supervisor's whole state lives on the thread that calls `wait`: no locks.
struct EventLoop: ~Copyable {
    private let epoll: Int32
    private var events: [epoll_event]

    init() throws(SupervisorError) {
        epoll = epoll_create1(Int32(EPOLL_CLOEXEC))
        if epoll < 0 { throw .systemCall("epoll_create1", errno, while: "starting the event loop") }
        events = Array(repeating: epoll_event(), count: 64)
    }

    deinit { close(epoll) }

    /// Watches `fd` for input (and hang-up).
    func add(_ fd: Int32) throws(SupervisorError) {
        var event = epoll_event()
        event.events = EPOLLIN.rawValue | EPOLLHUP.rawValue
        event.data.fd = fd
        if epoll_ctl(epoll, EPOLL_CTL_ADD, fd, &event) < 0 {
            throw .systemCall("epoll_ctl", errno, while: "watching a pipe")
        }
    }

    /// Pauses or resumes watching `fd` (backpressure from a slow output).
    func setEnabled(_ fd: Int32, _ enabled: Bool) {
        var event = epoll_event()
        event.events = enabled ? (EPOLLIN.rawValue | EPOLLHUP.rawValue) : 0
        event.data.fd = fd
        _ = epoll_ctl(epoll, EPOLL_CTL_MOD, fd, &event)
    }

    /// Watches `fd` for output room as well as input (a health check's connect and request),
    /// or for input only again (`output: false`).
    func add(_ fd: Int32, output: Bool) throws(SupervisorError) {
        var event = epoll_event()
        event.events = EPOLLIN.rawValue | EPOLLHUP.rawValue | (output ? EPOLLOUT.rawValue : 0)
        event.data.fd = fd
        if epoll_ctl(epoll, EPOLL_CTL_ADD, fd, &event) < 0 {
            throw .systemCall("epoll_ctl", errno, while: "watching a health check's socket")
        }
    }

    /// Changes what a descriptor added with `add(_:output:)` is watched for.
    func watch(_ fd: Int32, output: Bool) {
        var event = epoll_event()
        event.events = EPOLLIN.rawValue | EPOLLHUP.rawValue | (output ? EPOLLOUT.rawValue : 0)
        event.data.fd = fd
        _ = epoll_ctl(epoll, EPOLL_CTL_MOD, fd, &event)
    }

    func remove(_ fd: Int32) {
        _ = epoll_ctl(epoll, EPOLL_CTL_DEL, fd, nil)
    }

    /// Waits until a descriptor is ready or `timeout` ms pass (-1: no limit); returns the ready fds.
    mutating func wait(timeout: Int32) -> [Int32] {
        let count = events.withUnsafeMutableBufferPointer { buffer in
            epoll_wait(epoll, buffer.baseAddress, Int32(buffer.count), timeout)
        }
        if count <= 0 { return [] }
        return (0..<Int(count)).map { events[$0].data.fd }
    }
}
