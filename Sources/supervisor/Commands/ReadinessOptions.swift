/// `--ready TYPE=MODE` and `--socket TYPE` (and `FORMATION_READY`, `FORMATION_SOCKETS`),
/// checked against the Procfile's types.
struct ReadinessOptions: Equatable {
    var modes: [String: Readiness] = [:]
    var sockets: [String] = []

    /// Each entry may hold several, comma-separated (`web=notify,worker=port`; `web,api`).
    static func parse(ready: [String], sockets: [String], knownTypes: [String]) throws(SupervisorError) -> ReadinessOptions {
        var options = ReadinessOptions()
        let known = Set(knownTypes)
        let typeHint = "the Procfile's types are \(knownTypes.joined(separator: ", "))"
        for item in ready.flatMap({ $0.split(separator: ",") }) {
            let parts = item.split(separator: "=", maxSplits: 1).map { String($0).trimmingSpaces }
            guard parts.count == 2, let mode = Readiness(rawValue: parts[1]) else {
                throw problem("--ready \(item.debugDescription) is not TYPE=notify|port|started, e.g. --ready web=notify")
            }
            guard known.contains(parts[0]) else { throw problem("--ready names the type \(parts[0].debugDescription), which the Procfile does not have; \(typeHint)") }
            options.modes[parts[0]] = mode
        }
        for item in sockets.flatMap({ $0.split(separator: ",") }) {
            let type = String(item).trimmingSpaces
            guard known.contains(type) else { throw problem("--socket names the type \(type.debugDescription), which the Procfile does not have; \(typeHint)") }
            if !options.sockets.contains(type) { options.sockets.append(type) }
        }
        for type in options.sockets where options.modes[type] == .port {
            throw problem("--ready \(type)=port cannot tell anything with --socket \(type): the supervisor itself holds the port open; use --ready \(type)=notify")
        }
        return options
    }

    private static func problem(_ message: String) -> SupervisorError {
        SupervisorError(code: .configuration, message: message, errno: nil)
    }
}
