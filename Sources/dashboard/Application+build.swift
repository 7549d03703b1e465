import Hummingbird
import Logging

/// The dashboard's server on `settings.listen:settings.port`, with the status poller beside
/// it; `onRunning` gets the port actually bound (a free one when `settings.port` is 0).
func buildApplication(
    settings: DashboardSettings, token: AccessToken, logger: Logger, onRunning: @escaping @Sendable (Int) async -> Void
) -> some ApplicationProtocol {
    let control = ControlChannel(path: settings.controlPath)
    let hub = StatusHub()
    return Application(
        router: buildRouter(control: control, hub: hub, token: token),
        configuration: ApplicationConfiguration(address: .hostname(settings.listen, port: settings.port), serverName: "formation-dashboard"),
        services: [StatusPoller(control: control, hub: hub)],
        onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? settings.port) },
        logger: logger)
}

/// The routes, every one behind the security headers and the token.
func buildRouter(control: ControlChannel, hub: StatusHub, token: AccessToken) -> Router<BasicRequestContext> {
    let router = Router()
    router.add(middleware: SecurityHeadersMiddleware())
    router.add(middleware: TokenMiddleware(token: token))
    router.get("/") { _, _ in Routes.page(token: token) }
    router.get("/app.css") { _, _ in Routes.style() }
    router.get("/app.js") { _, _ in Routes.script() }
    router.get("/metrics") { _, _ in await Routes.metrics(control: control) }
    router.get("/events/status") { _, _ in Routes.statusEvents(hub) }
    router.get("/events/logs") { request, _ in Routes.logEvents(control, instance: request.uri.queryParameters.get("instance")) }
    for action in DashboardAction.allCases {
        router.post(RouterPath("/api/\(action.rawValue)")) { request, _ in try await Routes.act(action, request, control: control) }
    }
    return router
}
