import SystemdDaemon

/// Where `web` serves: a listening socket it was given (`LISTEN_FDS`), or `HOST:PORT`, bound
/// by `web` itself (``BoundSocket``); the same server serves both.
enum WebListener: Equatable, Sendable {
    case inherited(ListenedSocket)
    case bound(host: String, port: Int)

    /// The socket named `web` among those passed, else the first, else `settings`' address (pure).
    static func choose(passed: [ListenedSocket], settings: WebSettings) -> WebListener {
        ListenedSocket.choose(passed, preferring: "web").map(WebListener.inherited) ?? .bound(host: settings.host, port: settings.port)
    }

    /// How the socket came, for STATUS: `inherited socket` or `bound`.
    var origin: String {
        switch self {
        case .inherited: return "inherited socket"
        case .bound: return "bound"
        }
    }
}
