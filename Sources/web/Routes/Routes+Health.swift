import Hummingbird

extension Routes {
    /// `GET /`: the load balancer's health check; never touches the store.
    static func health() -> Response {
        text("All good !")
    }
}
