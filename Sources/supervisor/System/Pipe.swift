import CSupervisor

/// A close-on-exec pipe whose read end is non-blocking (the event loop reads it) and whose
/// write end is blocking (a child writing faster than we read waits: backpressure).
struct Pipe {
    let readEnd: Int32
    let writeEnd: Int32

    static func make() throws(SupervisorError) -> Pipe {
        var fds: [Int32] = [-1, -1]
        let error = fm_pipe(&fds, 1)
        if error != 0 { throw .systemCall("pipe2", error, while: "creating an output pipe for a child") }
        return Pipe(readEnd: fds[0], writeEnd: fds[1])
    }
}
