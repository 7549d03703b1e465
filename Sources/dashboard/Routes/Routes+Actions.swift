import ControlProtocol
import Hummingbird

extension Routes {
    /// POST `/api/restart`, `/api/stop`, `/api/scale`, `/api/run`: the formation's reply as JSON
    /// (200 when done, 422 when refused, 502 when it does not answer; 400 for a bad form). `run`
    /// answers when the run has ended, with its exit status.
    static func act(_ action: DashboardAction, _ request: Request, control: ControlChannel) async throws -> Response {
        var request = request
        let body = try await request.collectBody(upTo: 64 * 1024)
        guard let controlRequest = action.request(FormBody(String(buffer: body))) else {
            return json(StatusSnapshot.failure(action.missingField), status: .badRequest)
        }
        do {
            var control = control
            control.timeout = action.timeout
            let reply = try await control.ask(controlRequest)
            return json(reply.body, status: reply.ok ? .ok : .unprocessableContent)
        } catch {
            return json(StatusSnapshot.failure("\(error)"), status: .badGateway)
        }
    }
}
