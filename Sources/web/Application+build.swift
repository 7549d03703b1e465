import AppCore
import Hummingbird
import Logging

/// The web application: the router on `settings.host:settings.port`.
func buildApplication(
    settings: WebSettings, dependencies: AppDependencies, logger: Logger, accessLogger: Logger = Logger(label: "web.access")
) async -> some ApplicationProtocol {
    Application(
        router: buildRouter(dependencies: dependencies, accessLogger: accessLogger),
        configuration: ApplicationConfiguration(address: .hostname(settings.host, port: settings.port), serverName: "formation-web"),
        logger: logger)
}

/// The routes: `/`, `/hello`, `/table-name` and `/refresh-config`, behind the access log.
func buildRouter(dependencies: AppDependencies, accessLogger: Logger = Logger(label: "web.access")) -> Router<BasicRequestContext> {
    let router = Router()
    router.add(middleware: AccessLogMiddleware(logger: accessLogger))
    router.get("/") { _, _ in Routes.health() }
    router.get("/hello") { _, context in await Routes.hello(dependencies, logger: context.logger) }
    router.get("/table-name") { _, _ in await Routes.tableName(dependencies) }
    router.get("/refresh-config") { _, context in await Routes.refreshConfig(dependencies, logger: context.logger) }
    router.post("/refresh-config") { _, context in await Routes.refreshConfig(dependencies, logger: context.logger) }
    return router
}
