import ControlProtocol
import Hummingbird

extension Routes {
    /// Lines replayed when a log stream opens (the formation keeps up to 1,000 per instance).
    static let replayedLogLines = 200

    /// `/events/status`: a `status` event with the latest snapshot, then one per poll.
    static func statusEvents(_ hub: StatusHub) -> Response {
        EventStream.response { events in
            for await snapshot in hub.subscribe() {
                events.yield(ServerSentEvent.frame(snapshot, event: "status"))
            }
        }
    }

    /// `/events/logs?instance=web.1` (no instance: every instance, merged): a `reset` event,
    /// the last lines, then each new line as a `line` event, from one `logs` follow connection
    /// to the formation that lasts as long as the stream.
    static func logEvents(_ control: ControlChannel, instance: String?) -> Response {
        let targets = instance.map { $0.isEmpty ? [] : [$0] } ?? []
        return EventStream.response { events in
            events.yield(ServerSentEvent.frame("{}", event: "reset"))
            try await control.followLogs(targets: targets, lines: replayedLogLines) { line in
                events.yield(ServerSentEvent.frame(line.json.serialized, event: "line"))
            }
        }
    }
}
