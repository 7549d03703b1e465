import ControlProtocol
import Hummingbird

extension Routes {
    /// GET `/metrics`: one `status` request, rendered in Prometheus's text format
    /// (`FormationMetrics`, the text `supervisor metrics` prints). Asked for each scrape, so
    /// the figures are as fresh as the scrape; 502 with a one-line reason when the formation
    /// does not answer (Prometheus then records the target as down).
    static func metrics(control: ControlChannel) async -> Response {
        do {
            let reply = try await control.ask(.status)
            guard reply.ok else { return failure(reply.error ?? "refused") }
            let text = try FormationMetrics(status: reply.body).text
            return Response(
                status: .ok, headers: [.contentType: FormationMetrics.contentType], body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
        } catch {
            return failure("\(error)")
        }
    }

    private static func failure(_ reason: String) -> Response {
        Response(
            status: .badGateway, headers: [.contentType: "text/plain; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: "the formation did not answer: \(reason)\n")))
    }
}
