import AsyncHTTPClient
import NIOCore

extension HTTPClient.Configuration {
    /// The configuration of the process's one HTTP client for AWS endpoints: HTTP/1.1
    /// connections are kept alive and reused (as the SDKs do), up to 64 to one endpoint at once,
    /// each closed after 50 s idle (before a load balancer's 60 s idle timeout would cut it).
    public static var aws: HTTPClient.Configuration {
        HTTPClient.Configuration(connectionPool: ConnectionPool(idleTimeout: .seconds(50), concurrentHTTP1ConnectionsPerHostSoftLimit: 64))
    }
}
