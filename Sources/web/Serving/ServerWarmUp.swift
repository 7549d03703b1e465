import Logging
import NIOPosix

/// Requests an ``InheritedSocketServer`` sends itself before it says `READY=1`, each on a
/// loopback connection of its own that goes through the same setup as an accepted one.
///
/// Why: in a rolling restart every client of the draining instance reconnects at once, and
/// the new instance's first requests ran its code for the first time (the runtime's type
/// metadata and protocol conformance lookups, NIO's and Hummingbird's first channel, the
/// store's first read): in `Benchmarks/rolling.sh` a reconnected client's first request took
/// 30-40 ms at the median, about half of it this first run. A warm-up request that fails or
/// gets no answer is logged at debug level and ends the warm-up: it never holds `READY=1` back
/// longer than ``timeoutSeconds``.
struct ServerWarmUp {
    /// The health check and the page that reads the store, each twice: the event loops take
    /// connections in turn, so each of the first two loops sees each path once.
    static let paths = ["/", "/", "/hello", "/hello"]
    /// How long one warm-up request may go without a byte of answer.
    static let timeoutSeconds = 2

    /// Sends each of `paths`, one after the other, and stops at the first that fails or gets
    /// no answer (the store may be down: one wait of ``timeoutSeconds`` is enough). `serve`
    /// takes a connection's server end and serves it (in a task of its own) until it closes.
    static func run(paths: [String] = paths, on pool: NIOThreadPool, logger: Logger, serve: (Int32) -> Void) async {
        for path in paths {
            let connection: LoopbackConnection
            do {
                connection = try LoopbackConnection.open()
            } catch {
                logger.debug("warm-up skipped", metadata: ["error": "\(error)"])
                return
            }
            serve(connection.server)
            let request = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: web warm-up\r\nConnection: close\r\n\r\n"
            let answer: String?
            do {
                answer = try await pool.runIfActive { connection.exchange(request, timeoutSeconds: timeoutSeconds) }
            } catch {
                connection.abandon()  // the pool is stopping: the server end then sees the close
                return
            }
            logger.debug("warm-up request", metadata: ["path": "\(path)", "answer": "\(answer ?? "none")"])
            guard answer != nil else { return }
        }
    }
}
