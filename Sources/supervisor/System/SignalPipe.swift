import CSupervisor
import Glibc

/// The signals the supervisor handles, delivered as bytes on a pipe by an async-signal-safe
/// handler (the self-pipe trick), so the event loop handles them like any other input.
struct SignalPipe {
    let readEnd: Int32

    static let handled: [Int32] = [SIGCHLD, SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGWINCH]
    /// `start` also handles job control: Ctrl-Z suspends the whole formation.
    static let jobControl: [Int32] = [SIGTSTP, SIGCONT]

    static func install(_ handled: [Int32] = SignalPipe.handled) throws(SupervisorError) -> SignalPipe {
        var fd: Int32 = -1
        let error = handled.withUnsafeBufferPointer { fm_signals_install($0.baseAddress, Int32($0.count), &fd) }
        if error != 0 { throw .systemCall("sigaction", error, while: "installing signal handlers") }
        return SignalPipe(readEnd: fd)
    }

    /// The signals received since the last call, in order (SIGCHLD may stand for many exits).
    func drain() -> [Int32] {
        var received: [Int32] = []
        var bytes = [UInt8](repeating: 0, count: 64)
        while true {
            let n = bytes.withUnsafeMutableBytes { read(readEnd, $0.baseAddress, 64) }
            if n <= 0 { break }
            for index in 0..<n { received.append(Int32(bytes[index])) }
        }
        return received
    }
}
