/// `--ready TYPE=MODE` and `--socket TYPE` (and `FORMATION_READY`, `FORMATION_SOCKETS`),
/// checked against the Procfile's types and their health checks (`--check`).
struct ReadinessOptions: Equatable {
    var modes: [String: Readiness] = [:]
    var sockets: [String] = []

    /// Each entry may hold several, comma-separated (`web=notify,worker=port`; `web,api`).
    /// `checks`: each type's health check, which `--ready TYPE=check` needs.
    static func parse(
        ready: [String], sockets: [String], knownTypes: [String], checks: [String: HealthCheck.Probe] = [:]
    ) throws(SupervisorError) -> ReadinessOptions {
        var options = ReadinessOptions()
        let known = Set(knownTypes)
        let typeHint = "the Procfile's types are \(knownTypes.joined(separator: ", "))"
        for item in ready.flatMap({ $0.split(separator: ",") }) {
            let parts = item.split(separator: "=", maxSplits: 1).map { String($0).trimmingSpaces }
            guard parts.count == 2, let mode = Readiness(rawValue: parts[1]) else {
                throw problem("--ready \(item.debugDescription) is not TYPE=notify|port|check|started, e.g. --ready web=notify")
            }
            guard known.contains(parts[0]) else { throw problem("--ready names the type \(parts[0].debugDescription), which the Procfile does not have; \(typeHint)") }
            if mode == .check && checks[parts[0]] == nil {
                throw problem("--ready \(parts[0])=check needs a health check of \(parts[0]): add --check \(parts[0])=http:/PATH, tcp or exec:COMMAND")
            }
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
        for type in options.sockets where checks[type] == .tcp {
            throw problem("--check \(type)=tcp cannot tell anything with --socket \(type): the supervisor itself holds the port open; use --check \(type)=http:/PATH or exec:COMMAND")
        }
        return options
    }

    private static func problem(_ message: String) -> SupervisorError {
        SupervisorError(code: .configuration, message: message, errno: nil)
    }
}
