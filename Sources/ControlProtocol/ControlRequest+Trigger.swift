extension ControlRequest {
    /// The most arguments a `trigger` may append to its type's command.
    public static let maxArguments = 1_000

    /// `trigger`: `type` (an admin type, as a target is spelled) and optional `arguments`
    /// (strings without NUL, which a command line cannot hold; default none).
    static func trigger(_ fields: ObjectFields) throws(ControlProtocolError) -> ControlRequest {
        let example = ControlRequest.trigger(type: "backup-job", arguments: ["--full"])
        try fields.refuseUnknown(["command", "type", "arguments"], hint: "trigger takes \"type\" and \"arguments\"")
        let type = try fields.string("type", missing: "e.g. \(example.json.serialized)")
        guard !type.isEmpty, type.utf8.count <= maxTargetBytes, !type.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
            throw fields.error(
                .invalidValue, "type", "field \"type\" is not a process type name: \(ControlProtocolError.quoted(type))",
                hint: "name an admin type of the Procfile, e.g. backup-job")
        }
        let arguments = fields["arguments"] == nil ? [] : try fields.strings("arguments", missing: nil)
        guard arguments.count <= maxArguments else {
            throw fields.error(.invalidValue, "arguments", "field \"arguments\" holds \(arguments.count) arguments, more than \(maxArguments)")
        }
        if let index = arguments.firstIndex(where: { $0.utf8.contains(0) }) {
            throw fields.error(.invalidValue, "arguments", "arguments[\(index)] holds a NUL byte, which no command line can carry")
        }
        return .trigger(type: type, arguments: arguments)
    }
}
