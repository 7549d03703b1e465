/// The arguments after `ENTRYPOINT ["supervisor"]` that run one role in the image: long-running
/// types `start -t GRACE TYPE` (one instance per container or pod; the engine scales), admin
/// types `run -t GRACE TYPE`. The grace period is explicit so the engine's stop timeout, set
/// 5 s above it, always leaves the supervisor time to finish.
enum ContainerCommand {
    static func arguments(for role: ProcessRole, settings: ExportSettings) -> [String] {
        let ready = !role.isAdmin && settings.readiness[role.type.name].map { $0 != .started } == true
        return [role.isAdmin ? "run" : "start", "-t", String(settings.gracePeriod)]
            + (ready ? ["--ready", "\(role.type.name)=\(settings.readiness[role.type.name]?.rawValue ?? "")"] : [])
            + [role.type.name]
    }

    /// The readiness check of a type with `--ready`: the supervisor in the container answers
    /// whether its instance is ready (the image's ENTRYPOINT is the supervisor, at this path).
    static let readyCheck = ["/usr/local/bin/supervisor", "status", "--ready"]

    /// A health check on `/` with bash alone (the slim image has no curl): any 2xx or 3xx
    /// status line from `127.0.0.1:PORT` passes.
    static func httpCheck(port: Int) -> String {
        "exec 3<>/dev/tcp/127.0.0.1/\(port) && printf 'GET / HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && read -r _ code _ <&3; case \"$code\" in 2[0-9][0-9]*|3[0-9][0-9]*) exit 0;; esac; exit 1"
    }
}
