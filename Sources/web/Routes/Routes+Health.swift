import Hummingbird

extension Routes {
    /// `GET /`: the load balancer's health check; never touches the store. The same response
    /// every time, built once: each request copies it (its headers and body are shared until
    /// the access log adds `X-Request-Id`).
    static func health() -> Response {
        healthResponse
    }

    private static let healthResponse = text("All good !")
}
