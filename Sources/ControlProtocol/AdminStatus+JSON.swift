extension AdminStatus {
    /// The row as a `status` reply carries it in `admin`: every key, null for nil.
    public var json: JSONValue {
        .object([
            ("type", .string(type)),
            ("instance", .string(instance)),
            ("schedule", schedule.map(JSONValue.string) ?? .null),
            ("next_run", nextRun.map(JSONValue.string) ?? .null),
            ("last_run", lastRun?.json ?? .null),
            ("running", running.map { JSONValue($0) } ?? .null),
            ("running_since", runningSince.map(JSONValue.string) ?? .null),
        ])
    }

    /// Reads a row of `admin` (for clients). `type` and `instance` are required; the others may
    /// be null or absent. Unknown keys are ignored, as in instance rows.
    public init(json: JSONValue) throws(ControlProtocolError) {
        let example = #"{"type":"backup-job","instance":"backup-job.1","schedule":"0 0 * * *","next_run":"2026-12-08T00:00:00Z",...}"#
        let fields = try ObjectFields(json, subject: .statusRow, expected: example)
        var lastRun: LastRun?
        if let value = fields["last_run"], !value.isNull {
            lastRun = try LastRun(json: value)
        }
        try self.init(
            type: fields.string("type"),
            instance: fields.string("instance"),
            schedule: fields.optionalString("schedule"),
            nextRun: fields.optionalString("next_run"),
            lastRun: lastRun,
            running: fields.integer("running", in: 0...Int32.max, nullable: true),
            runningSince: fields.optionalString("running_since"))
    }
}

extension AdminStatus.LastRun {
    public var json: JSONValue {
        .object([
            ("started", .string(started)),
            ("exit_status", exitStatus.map { JSONValue($0) } ?? .null),
            ("signal", signal.map(JSONValue.string) ?? .null),
            ("seconds", .number(seconds)),
        ])
    }

    public init(json: JSONValue) throws(ControlProtocolError) {
        let fields = try ObjectFields(json, subject: .statusRow, expected: #"{"started":"2026-12-07T00:00:03Z","exit_status":0,"signal":null,"seconds":1.2}"#)
        try self.init(
            started: fields.string("started"),
            exitStatus: fields.integer("exit_status", in: Int32.min...Int32.max, nullable: true),
            signal: fields.optionalString("signal"),
            seconds: fields.number("seconds", nullable: true) ?? 0)
    }
}
