/// Where the dashboard listens and which formation it shows; pure.
struct DashboardSettings: Equatable, Sendable {
    /// The address to bind (127.0.0.1 unless told otherwise).
    var listen: String
    /// 0: a free port.
    var port: Int
    /// The formation's control socket.
    var controlPath: String

    /// From the options, else the environment: `--control`, else `FORMATION_CONTROL` (set by
    /// `supervisor dashboard`, and in every process of a formation); `--port`, else `PORT` (as a
    /// Procfile type), else 0.
    static func resolve(
        port: Int?, listen: String, control: String?, environment: [String: String]
    ) throws(DashboardSettingsError) -> DashboardSettings {
        guard let controlPath = control ?? environment["FORMATION_CONTROL"].flatMap({ $0.isEmpty ? nil : $0 }) else {
            throw .noControlSocket
        }
        let chosenPort: Int
        if let port {
            chosenPort = port
        } else if let text = environment["PORT"] {
            guard let value = Int(text) else { throw .badPort(text, source: "PORT") }
            chosenPort = value
        } else {
            chosenPort = 0
        }
        guard (0...65_535).contains(chosenPort) else { throw .badPort(String(chosenPort), source: port == nil ? "PORT" : "--port") }
        guard !listen.isEmpty else { throw .badListen }
        return DashboardSettings(listen: listen, port: chosenPort, controlPath: controlPath)
    }

    /// The URL to print: the bound port and the token; a wildcard address shows as 127.0.0.1,
    /// an IPv6 one in brackets.
    func url(port boundPort: Int, token: AccessToken) -> String {
        let host: String =
            switch listen {
            case "0.0.0.0", "::", "[::]": "127.0.0.1"
            case let address where address.contains(":") && !address.hasPrefix("["): "[\(address)]"
            default: listen
            }
        return "http://\(host):\(boundPort)/?token=\(token.value)"
    }
}
