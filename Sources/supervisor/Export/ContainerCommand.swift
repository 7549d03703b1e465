/// The arguments after `ENTRYPOINT ["supervisor"]` that run one role in the image: long-running
/// types `start [--restart P] [--stop-signal S] -t GRACE TYPE` (one instance per container or pod;
/// the engine scales), admin types and the release phase `run -t GRACE TYPE`.
///
/// Inside the container the image's supervisor applies the type's policy itself, so the command
/// carries it: the restart policy and stop signal when they differ from `start`'s defaults
/// (`--restart TYPE=P` when the type has its own, which lets a clean exit end just that
/// instance), and always the grace period, so the engine's stop timeout, set
/// `ExportSettings.engineMargin` above it, leaves the supervisor time to finish.
enum ContainerCommand {
    static func arguments(for role: ProcessRole, settings: ExportSettings) -> [String] {
        let name = role.type.name
        let policy = settings.policy(for: name)
        let grace = ["-t", SecondsText.of(policy.gracePeriod)]
        if role.runsOnce { return ["run"] + grace + [name] }
        var arguments = ["start"]
        if settings.policy.hasOwnRestart(name) {
            arguments += ["--restart", "\(name)=\(policy.restart.rawValue)"]
        } else if policy.restart != TypePolicy().restart {
            arguments += ["--restart", policy.restart.rawValue]
        }
        if policy.stopSignal != TypePolicy().stopSignal {
            arguments += ["--stop-signal", PolicyWords.signal(policy.stopSignal)]
        }
        arguments += grace
        // `check` readiness is the engine's probe (the check is not in the container's command).
        if let mode = settings.readiness[name], mode == .notify || mode == .port {
            arguments += ["--ready", "\(name)=\(mode.rawValue)"]
        }
        return arguments + [name]
    }

    /// The readiness check of a type with `--ready`: the supervisor in the container answers
    /// whether its instance is ready (the image's ENTRYPOINT is the supervisor, at this path).
    static let readyCheck = [ExportedCheck.imageSupervisor, "status", "--ready"]

    /// A health check on `/` with bash alone (the slim image has no curl): any 2xx or 3xx
    /// status line from `127.0.0.1:PORT` passes.
    static func httpCheck(port: Int) -> String {
        "exec 3<>/dev/tcp/127.0.0.1/\(port) && printf 'GET / HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && read -r _ code _ <&3; case \"$code\" in 2[0-9][0-9]*|3[0-9][0-9]*) exit 0;; esac; exit 1"
    }
}
