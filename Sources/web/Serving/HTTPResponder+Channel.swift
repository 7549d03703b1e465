import HTTPTypes
import Hummingbird
import HummingbirdCore
import Logging

extension HTTPResponder where Context == BasicRequestContext {
    /// What Hummingbird's `Application.run` gives its server, for ``InheritedSocketServer``,
    /// which serves without an `Application`: a request context per request with a request id
    /// in the logger, an unrecognised error answered 500, the `Date` and `Server` headers.
    func channelResponder(serverName: String, logger: Logger) -> HTTPChannelHandler.Responder {
        { request, writer, channel in
            var requestLogger = logger
            requestLogger[metadataKey: "hb.request.id"] = .stringConvertible(RequestID())
            let context = BasicRequestContext(source: ApplicationRequestContextSource(channel: channel, logger: requestLogger))
            var response: Response
            do {
                response = try await respond(to: request, context: context)
            } catch {
                requestLogger.debug("Unrecognised Error", metadata: ["error.type": "\(error)"])
                response = Response(status: .internalServerError)
            }
            response.headers[.date] = HTTPDate.now()
            response.headers[.server] = serverName
            try await writer.write(response: response.head, body: response.body)
        }
    }
}
