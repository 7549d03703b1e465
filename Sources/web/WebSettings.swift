import Shared

/// The `web` process's own settings: where to listen (factor VII).
struct WebSettings: Sendable, Equatable {
    /// The address to bind, `0.0.0.0` unless `HOST` says otherwise.
    var host: String
    /// `PORT`, default 5000.
    var port: Int

    /// The `Server` header of every response.
    static let serverName = "formation-web"

    /// Parses `PORT` and `HOST`; pure.
    static func parse(_ environment: AppEnvironment) throws(ConfigError) -> WebSettings {
        let host = environment.first(of: "HOST") ?? "0.0.0.0"
        var port = 5000
        if let raw = environment["PORT"] {
            guard let parsed = Int(raw), (0...65_535).contains(parsed) else {
                throw ConfigError(variable: "PORT", expected: "a TCP port from 0 to 65535", example: "5000", found: raw)
            }
            port = parsed
        }
        return WebSettings(host: host, port: port)
    }
}
