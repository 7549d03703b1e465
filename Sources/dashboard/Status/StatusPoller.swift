import ControlProtocol
import ServiceLifecycle

/// Asks the formation for `status` once per `interval`, whoever watches, and publishes each
/// snapshot (with the history for the sparklines) to the hub: one poll feeds every page.
struct StatusPoller: Service {
    let control: ControlChannel
    let hub: StatusHub
    var interval: Duration = .seconds(1)
    /// Samples kept per instance (120 at 1 s: the last two minutes).
    var historyLength = 120

    func run() async throws {
        defer { hub.finish() }
        do {
            try await cancelWhenGracefulShutdown {
                var history = FormationHistory(capacity: historyLength)
                while true {
                    hub.publish(await poll(&history).serialized)
                    try await Task.sleep(for: interval)
                }
            }
        } catch is CancellationError {
            // Stopping.
        }
    }

    /// One `status`; the snapshot, or the failure the page shows.
    func poll(_ history: inout FormationHistory) async -> JSONValue {
        let reply: ControlReply
        do {
            reply = try await control.ask(.status)
        } catch {
            return StatusSnapshot.failure("\(error)")
        }
        guard reply.ok else { return StatusSnapshot.failure(reply.error ?? "the formation refused status") }
        let rows = (reply["instances"]?.arrayValue ?? []).compactMap { try? InstanceStatus(json: $0) }
        history.record(rows)
        return StatusSnapshot.json(reply: reply, rows: rows, history: history)
    }
}
