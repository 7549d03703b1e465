extension InstanceStatus {
    /// The row's keys, in the order written.
    public static let jsonKeys = [
        "name", "type", "pid", "port", "state", "restarts", "uptime_s", "last_exit", "cpu_percent", "rss_bytes", "memory_max", "status_text",
        "waiting_for", "check", "cpu_seconds", "output_lines", "output_bytes", "lines_cut",
    ]

    /// The row as a `status` reply carries it: every key of `jsonKeys`, null for nil.
    public var json: JSONValue {
        // Typed, so that the long literal type-checks in reasonable time.
        let fields: [(String, JSONValue)] = [
            ("name", .string(name)),
            ("type", .string(type)),
            ("pid", pid.map { JSONValue($0) } ?? .null),
            ("port", JSONValue(port)),
            ("state", .string(state)),
            ("restarts", JSONValue(restarts)),
            ("uptime_s", uptimeSeconds.map(JSONValue.number) ?? .null),
            ("last_exit", lastExit.map { JSONValue($0) } ?? .null),
            ("cpu_percent", cpuPercent.map(JSONValue.number) ?? .null),
            ("rss_bytes", rssBytes.map { JSONValue($0) } ?? .null),
            ("memory_max", memoryMax.map { JSONValue($0) } ?? .null),
            ("status_text", statusText.map(JSONValue.string) ?? .null),
            ("waiting_for", .array(waitingFor.map(JSONValue.string))),
            ("check", check.map(JSONValue.string) ?? .null),
            ("cpu_seconds", cpuSeconds.map(JSONValue.number) ?? .null),
            ("output_lines", JSONValue(outputLines)),
            ("output_bytes", JSONValue(outputBytes)),
            ("lines_cut", JSONValue(linesCut)),
        ]
        return .object(fields)
    }

    /// Reads a row of a `status` reply (for the client). `name`, `type`, `port`, `state` and
    /// `restarts` are required; the others may be null or absent (nil; `waiting_for`: empty). Keys this version does
    /// not know are ignored, so that a newer supervisor may add some.
    public init(json: JSONValue) throws(ControlProtocolError) {
        let example = #"{"name":"web.1","type":"web","pid":4242,"port":5000,"state":"running",...}"#
        let fields = try ObjectFields(json, subject: .statusRow, expected: example)
        try self.init(
            name: fields.string("name"),
            type: fields.string("type"),
            pid: fields.integer("pid", in: 0...Int32.max, nullable: true),
            port: fields.integer("port", in: 0...Int(UInt16.max)) ?? 0,
            state: fields.string("state"),
            restarts: fields.integer("restarts", in: 0...Int.max) ?? 0,
            uptimeSeconds: fields.number("uptime_s", nullable: true),
            lastExit: fields.integer("last_exit", in: Int32.min...Int32.max, nullable: true),
            cpuPercent: fields.number("cpu_percent", nullable: true),
            rssBytes: fields.integer("rss_bytes", in: 0...Int.max, nullable: true),
            memoryMax: fields.integer("memory_max", in: 0...Int.max, nullable: true),
            statusText: fields.optionalString("status_text"),
            waitingFor: fields["waiting_for"].map { $0.isNull } == false ? fields.strings("waiting_for", missing: nil) : [],
            check: fields.optionalString("check"),
            cpuSeconds: fields.number("cpu_seconds", nullable: true),
            outputLines: fields.integer("output_lines", in: 0...Int.max, nullable: true) ?? 0,
            outputBytes: fields.integer("output_bytes", in: 0...Int.max, nullable: true) ?? 0,
            linesCut: fields.integer("lines_cut", in: 0...Int.max, nullable: true) ?? 0
        )
    }
}
