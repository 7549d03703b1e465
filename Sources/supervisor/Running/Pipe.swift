import Glibc

/// A close-on-exec pipe whose read end is non-blocking (the event loop reads it) and whose
/// write end is blocking (a child writing faster than we read waits: backpressure).
struct Pipe {
    let readEnd: Int32
    let writeEnd: Int32

    static func make() throws(SupervisorError) -> Pipe {
        var fds: [Int32] = [-1, -1]
        if pipe2(&fds, O_CLOEXEC) < 0 {
            throw .systemCall("pipe2", errno, while: "creating an output pipe for a child")
        }
        let flags = fcntl(fds[0], F_GETFL)
        _ = fcntl(fds[0], F_SETFL, flags | O_NONBLOCK)
        return Pipe(readEnd: fds[0], writeEnd: fds[1])
    }
}
