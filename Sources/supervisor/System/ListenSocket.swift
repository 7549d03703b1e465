import CSupervisor
import Glibc

/// `--socket TYPE`: one listening TCP socket per type, bound before the first instance starts
/// and kept for the formation's life, so every instance serves the same port (the kernel
/// spreads connections among them) and a restart never refuses a connection.
struct ListenSocket {
    let type: String
    let host: String
    let port: Int
    let fd: Int32

    /// The kernel's queue of connections nobody accepted yet: what waits while no instance accepts.
    static let backlog: Int32 = 4096

    static func bind(type: String, host: String, port: Int) throws(SupervisorError) -> ListenSocket {
        var fd: Int32 = -1
        var call: UnsafePointer<CChar>?
        let error = fm_listen_tcp(host, Int32(port), backlog, &fd, &call)
        guard error == 0 else {
            let name = call.map { String(cString: $0) } ?? "bind"
            throw SupervisorError(
                code: .configuration,
                message: "cannot listen on \(host):\(port) for --socket \(type): \(name): \(ErrnoText.describe(error)); stop what uses the port or choose another with -p/--port or PORT",
                errno: error)
        }
        return ListenSocket(type: type, host: host, port: port, fd: fd)
    }
}
