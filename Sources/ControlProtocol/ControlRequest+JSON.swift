extension ControlRequest {
    /// The longest request line the supervisor reads, newline included; a longer one is the
    /// server's to refuse (this parser does not count).
    public static let maxLineBytes = 65_536
    /// The most targets one request may name.
    public static let maxTargets = 1_000
    /// The longest target, in UTF-8 bytes.
    public static let maxTargetBytes = 256
    /// The longest `signal` (a name such as `SIGUSR1`, or a number), in UTF-8 bytes.
    public static let maxSignalBytes = 32
    /// `logs` sends the last `lines` lines per instance, at most this many.
    public static let maxLogLines = 100_000
    /// `logs` without `lines`.
    public static let defaultLogLines = 100
    /// Every command, in the order of the documentation.
    public static let commands = ["status", "restart", "stop", "scale", "signal", "logs", "shutdown", "trigger", "reload"]

    /// The request's `command`.
    public var command: String {
        switch self {
        case .status: "status"
        case .restart: "restart"
        case .stop: "stop"
        case .scale: "scale"
        case .signal: "signal"
        case .logs: "logs"
        case .shutdown: "shutdown"
        case .trigger: "trigger"
        case .reload: "reload"
        }
    }

    /// The wire form, members in the order `command`, `targets`, `formation`, `signal`,
    /// `lines`, `follow`; `logs` writes all of its fields.
    public var json: JSONValue {
        var members: [(String, JSONValue)] = [("command", .string(command))]
        switch self {
        case .status, .shutdown:
            break
        case .restart(let targets), .stop(let targets):
            members.append(("targets", .array(targets.map(JSONValue.string))))
        case .scale(let formation):
            members.append(("formation", .string(formation)))
        case .signal(let targets, let signal):
            members.append(("targets", .array(targets.map(JSONValue.string))))
            members.append(("signal", .string(signal)))
        case .logs(let targets, let lines, let follow):
            members.append(("targets", .array(targets.map(JSONValue.string))))
            members.append(("lines", JSONValue(lines)))
            members.append(("follow", .bool(follow)))
        case .trigger(let type, let arguments):
            members.append(("type", .string(type)))
            members.append(("arguments", .array(arguments.map(JSONValue.string))))
        case .reload(let dryRun):
            members.append(("dry_run", .bool(dryRun)))
        }
        return .object(members)
    }

    /// The request as one line of the protocol, ending in "\n".
    public var jsonLine: String { json.serialized + "\n" }

    /// Reads one request line (the trailing newline is optional): a JSON object with a
    /// `command` and that command's fields, nothing else.
    ///
    /// `targets` names types or instances: at least one for `restart`, `stop` and `signal`
    /// (`logs` may name none, meaning all), at most `maxTargets`, each non-empty, at most
    /// `maxTargetBytes` long and without control characters. `logs` takes `lines`
    /// (0...`maxLogLines`, default `defaultLogLines`) and `follow` (default false). Fields are
    /// not converted: `"lines":"5"` is refused, not read as 5.
    public init(jsonLine: some Collection<UInt8>) throws(ControlProtocolError) {
        let value = try JSONValue.parseLine(jsonLine, as: .request)
        try self.init(json: value)
    }

    /// Reads a request from its parsed JSON (see `init(jsonLine:)`).
    public init(json: JSONValue) throws(ControlProtocolError) {
        let fields = try ObjectFields(json, subject: .request, expected: ControlRequest.status.json.serialized)
        let command = try fields.string("command", missing: "e.g. \(ControlRequest.status.json.serialized)")
        switch command {
        case "status":
            try Self.refuseUnknown(fields, for: .status)
            self = .status
        case "restart":
            try Self.refuseUnknown(fields, for: .restart(targets: []))
            self = .restart(targets: try Self.targets(fields, for: .restart(targets: ["web"])))
        case "stop":
            try Self.refuseUnknown(fields, for: .stop(targets: []))
            self = .stop(targets: try Self.targets(fields, for: .stop(targets: ["web"])))
        case "scale":
            let example = ControlRequest.scale(formation: "web=4,worker=0")
            try Self.refuseUnknown(fields, for: example)
            let formation = try fields.string("formation", missing: "e.g. \(example.json.serialized)")
            guard !formation.isEmpty else {
                throw fields.error(.invalidValue, "formation", "field \"formation\" is empty", hint: "e.g. \(example.json.serialized)")
            }
            self = .scale(formation: formation)
        case "signal":
            let example = ControlRequest.signal(targets: ["web"], signal: "USR1")
            try Self.refuseUnknown(fields, for: example)
            let targets = try Self.targets(fields, for: example)
            self = .signal(targets: targets, signal: try Self.signal(fields, example: example))
        case "logs":
            try Self.refuseUnknown(fields, for: .logs(targets: [], lines: 0, follow: false))
            let targets = fields["targets"] == nil ? [] : try Self.targets(fields, for: nil)
            let lines = try fields.integer("lines", in: 0...Self.maxLogLines, default: Self.defaultLogLines)
            let follow = try fields.bool("follow", default: false)
            self = .logs(targets: targets, lines: lines ?? Self.defaultLogLines, follow: follow)
        case "shutdown":
            try Self.refuseUnknown(fields, for: .shutdown)
            self = .shutdown
        case "trigger":
            self = try Self.trigger(fields)
        case "reload":
            try Self.refuseUnknown(fields, for: .reload(dryRun: false))
            self = .reload(dryRun: try fields.bool("dry_run", default: false))
        default:
            throw fields.error(
                .unknownCommand, "command", "unknown command \(ControlProtocolError.quoted(command))",
                hint: "one of \(Self.commands.joined(separator: ", "))")
        }
    }

    /// Refuses a field that `example`'s command does not take.
    private static func refuseUnknown(_ fields: ObjectFields, for example: ControlRequest) throws(ControlProtocolError) {
        let known = example.json.objectValue?.map(\.0) ?? ["command"]
        try fields.refuseUnknown(known, hint: {
            let others = known.dropFirst().map { "\"\($0)\"" }
            return switch others.count {
            case 0: "\(example.command) takes no field besides \"command\""
            case 1: "\(example.command) takes only \(others[0])"
            default: "\(example.command) takes \(others.dropLast().joined(separator: ", ")) and \(others[others.count - 1])"
            }
        }())
    }

    /// `targets`: required and non-empty when `example` is given (its command needs targets).
    private static func targets(_ fields: ObjectFields, for example: ControlRequest?) throws(ControlProtocolError) -> [String] {
        let hint = example.map { "e.g. \($0.json.serialized)" }
        let targets = try fields.strings("targets", missing: hint)
        if targets.isEmpty, let example {
            throw fields.error(
                .invalidValue, "targets", "field \"targets\" is empty; \(example.command) needs at least one",
                hint: "name a type (web) or an instance (web.2)")
        }
        guard targets.count <= maxTargets else {
            throw fields.error(
                .invalidValue, "targets", "field \"targets\" names \(targets.count) targets, more than \(maxTargets)",
                hint: "name types rather than each of their instances")
        }
        for (index, target) in targets.enumerated() {
            let problem: String? =
                if target.isEmpty { "is empty" }
                else if target.utf8.count > maxTargetBytes { "is \(target.utf8.count) bytes long, more than \(maxTargetBytes)" }
                else if target.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) { "holds a control character" }
                else { nil }
            if let problem {
                throw fields.error(
                    .invalidValue, "targets", "targets[\(index)] \(problem)", hint: "name a type (web) or an instance (web.2)")
            }
        }
        return targets
    }

    private static func signal(_ fields: ObjectFields, example: ControlRequest) throws(ControlProtocolError) -> String {
        let signal = try fields.string("signal", missing: "e.g. \(example.json.serialized)")
        guard !signal.isEmpty, signal.utf8.count <= maxSignalBytes,
              signal.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F })
        else {
            throw fields.error(
                .invalidValue, "signal", "field \"signal\" is not a signal name or number: \(ControlProtocolError.quoted(signal))",
                hint: "e.g. USR1, SIGHUP or 10")
        }
        return signal
    }
}
