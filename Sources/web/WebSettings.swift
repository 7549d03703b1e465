import Shared

/// The `web` process's own settings: where to listen (factor VII) and how it reads the store.
struct WebSettings: Sendable, Equatable {
    /// The address to bind, `0.0.0.0` unless `HOST` says otherwise.
    var host: String
    /// `PORT`, default 5000.
    var port: Int
    /// `ITEM_CACHE_TTL` (milliseconds): how long `/hello` keeps the last answer; zero (the
    /// default) only shares concurrent reads.
    var itemCacheTTL: Duration = .zero
    /// `STORE_MAX_INFLIGHT`: the most requests waiting for the store at once; beyond it `/hello`
    /// answers 503 at once.
    var storeMaxInflight: Int = WebSettings.defaultStoreMaxInflight

    /// The `Server` header of every response.
    static let serverName = "formation-web"

    /// The default `STORE_MAX_INFLIGHT`.
    static let defaultStoreMaxInflight = 256

    /// Parses `PORT`, `HOST`, `ITEM_CACHE_TTL` and `STORE_MAX_INFLIGHT`; pure. Every bad variable
    /// is recorded in `collector`; nil when there was one.
    static func parse(_ environment: AppEnvironment, into collector: inout ConfigCollector) -> WebSettings? {
        let host = environment.first(of: "HOST") ?? "0.0.0.0"
        let port = collector.attempt { () throws(ConfigError) in
            try FormationConfig.parseInteger(environment, "PORT", default: 5000, range: 0...65_535, expected: "a TCP port from 0 to 65535", example: "5000")
        }
        let ttl = collector.attempt { () throws(ConfigError) in
            try FormationConfig.parseInteger(environment, "ITEM_CACHE_TTL", default: 0, range: 0...3_600_000,
                        expected: "a whole number of milliseconds from 0 (no cache) to 3600000", example: "1000")
        }
        let inflight = collector.attempt { () throws(ConfigError) in
            try FormationConfig.parseInteger(environment, "STORE_MAX_INFLIGHT", default: defaultStoreMaxInflight, range: 1...1_000_000,
                        expected: "a whole number of requests from 1 to 1000000", example: "\(defaultStoreMaxInflight)")
        }
        guard let port, let ttl, let inflight else { return nil }
        return WebSettings(host: host, port: port, itemCacheTTL: .milliseconds(ttl), storeMaxInflight: inflight)
    }

    /// Parses the settings, throwing the first bad variable.
    static func parse(_ environment: AppEnvironment) throws(ConfigError) -> WebSettings {
        var collector = ConfigCollector()
        let settings = parse(environment, into: &collector)
        if let error = collector.errors.first { throw error }
        guard let settings else { preconditionFailure("parse records an error whenever it returns nil") }
        return settings
    }
}
