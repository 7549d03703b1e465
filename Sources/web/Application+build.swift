import AppCore
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore

/// The web application: the router on `settings.host:settings.port`, bound by Hummingbird.
/// Connections drain on shutdown without failing a request (``DrainingHTTP1Channel``).
func buildApplication(
    settings: WebSettings, dependencies: AppDependencies, logger: Logger, accessLogger: Logger = Logger(label: "web.access"),
    onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
) async -> some ApplicationProtocol {
    Application(
        router: buildRouter(dependencies: dependencies, accessLogger: accessLogger),
        server: .drainingHTTP1,
        configuration: ApplicationConfiguration(address: .hostname(settings.host, port: settings.port), serverName: WebSettings.serverName),
        onServerRunning: onServerRunning,
        logger: logger)
}

/// The same router on a listening socket this process was given (``InheritedSocketServer``).
func buildInheritedSocketServer(
    descriptor: Int32, dependencies: AppDependencies, logger: Logger, accessLogger: Logger = Logger(label: "web.access"),
    onServerRunning: @escaping @Sendable (String) async -> Void = { _ in }
) -> InheritedSocketServer<DrainingHTTP1Channel> {
    let responder = buildRouter(dependencies: dependencies, accessLogger: accessLogger).buildResponder()
    let channel = HTTP1Channel(responder: responder.channelResponder(serverName: WebSettings.serverName, logger: logger))
    return InheritedSocketServer(
        descriptor: descriptor, childChannel: DrainingHTTP1Channel(base: channel), eventLoopGroup: EventLoopGroupProvider.singleton.eventLoopGroup,
        logger: logger, onServerRunning: onServerRunning)
}

/// The routes: `/`, `/hello`, `/table-name` and `/refresh-config`, behind the access log.
func buildRouter(dependencies: AppDependencies, accessLogger: Logger = Logger(label: "web.access")) -> Router<BasicRequestContext> {
    let router = Router()
    router.add(middleware: AccessLogMiddleware(logger: accessLogger))
    router.get("/") { _, _ in Routes.health() }
    router.get("/hello") { _, context in await Routes.hello(dependencies, logger: context.logger) }
    router.get("/table-name") { _, _ in await Routes.tableName(dependencies) }
    router.get("/refresh-config") { _, context in await Routes.refreshConfig(dependencies, requestID: context.id, logger: context.logger) }
    router.post("/refresh-config") { _, context in await Routes.refreshConfig(dependencies, requestID: context.id, logger: context.logger) }
    return router
}
