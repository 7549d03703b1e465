import ControlProtocol

/// What the page gets each second on `/events/status`: the `status` reply's rows, each with
/// its CPU and RSS history, or why there are none; pure.
enum StatusSnapshot {
    /// `{"ok":true,"root":...,"pid":...,"instances":[{...row, "cpu_history":[...], "rss_history":[...]}]}`.
    static func json(reply: ControlReply, rows: [InstanceStatus], history: FormationHistory) -> JSONValue {
        let instances = rows.map { row -> JSONValue in
            let series = history.samples[row.name] ?? []
            let members = (row.json.objectValue ?? []) + [
                ("cpu_history", .array(series.map { $0.cpuPercent.map(JSONValue.number) ?? .null })),
                ("rss_history", .array(series.map { $0.rssBytes.map { JSONValue($0) } ?? .null })),
            ]
            return .object(members)
        }
        return .object([
            ("ok", .bool(true)),
            ("root", reply["root"] ?? .null),
            ("pid", reply["pid"] ?? .null),
            ("instances", .array(instances)),
            // Admin types (formation count 0) with their schedule, next and last run: the Run buttons.
            ("admin", reply["admin"] ?? .array([])),
        ])
    }

    /// `{"ok":false,"error":...}`: the formation did not answer, or refused.
    static func failure(_ message: String) -> JSONValue {
        .object([("ok", .bool(false)), ("error", .string(message))])
    }
}
