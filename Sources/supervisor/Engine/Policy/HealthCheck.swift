/// How the supervisor checks that a run of a type is healthy (`--check TYPE=http:/health`), in
/// Kubernetes' vocabulary so that every export maps it one to one: the probe and its timing
/// (`periodSeconds`, `timeoutSeconds`, `failureThreshold`, `initialDelaySeconds`).
///
/// A check gives readiness (its first success) and liveness (`failureThreshold` failures in a
/// row: the run is restarted under its restart policy).
struct HealthCheck: Equatable, Sendable, CustomStringConvertible {
    /// What one check does.
    enum Probe: Equatable, Sendable, CustomStringConvertible {
        /// `GET PATH` on 127.0.0.1 at the instance's `PORT`; a 2xx or 3xx status is healthy.
        case http(path: String)
        /// A TCP connect to 127.0.0.1 at the instance's `PORT`.
        case tcp
        /// `sh -c COMMAND` in the instance's environment, in a process group of its own; exit 0 is healthy.
        case exec(command: String)

        /// `http:/health`, `tcp`, `exec:COMMAND`, as `--check` spells it.
        var description: String {
            switch self {
            case .http(let path): "http:\(path)"
            case .tcp: "tcp"
            case .exec(let command): "exec:\(command)"
            }
        }

        /// The kind's word: http, tcp or exec.
        var kind: String {
            switch self {
            case .http: "http"
            case .tcp: "tcp"
            case .exec: "exec"
            }
        }

        /// Parses `http:PATH` (PATH begins with /), `tcp` or `exec:COMMAND`; nil when it is none of them.
        init?(_ text: String) {
            if text == "tcp" {
                self = .tcp
            } else if text.hasPrefix("http:") {
                let path = String(text.dropFirst(5))
                guard path.hasPrefix("/"), !path.contains(where: { $0 == " " || $0 == "\r" || $0 == "\n" || $0 == "\t" }) else { return nil }
                self = .http(path: path)
            } else if text.hasPrefix("exec:") {
                let command = String(text.dropFirst(5)).trimmingSpaces
                // One line: every engine writes it into one line of a unit, a task or a manifest.
                guard !command.isEmpty, !command.contains(where: { $0 == "\n" || $0 == "\r" || $0 == "\0" }) else { return nil }
                self = .exec(command: command)
            } else {
                return nil
            }
        }
    }

    /// When and how patiently a probe runs; Kubernetes' defaults.
    struct Timing: Equatable, Sendable {
        /// Between the start of one check and the next (`--check-interval`, `periodSeconds`).
        var interval: Milliseconds = 10_000
        /// How long one check may take; longer is a failure (`--check-timeout`, `timeoutSeconds`).
        var timeout: Milliseconds = 1_000
        /// Failures in a row that make a ready run unhealthy (`--check-failures`, `failureThreshold`).
        var failureThreshold = 3
        /// After a run starts, how long before its first check (`--check-delay`, `initialDelaySeconds`).
        var initialDelay: Milliseconds = 0

        /// The bounds each setting is held to (whole seconds, as every engine takes them).
        static let intervalRange: ClosedRange<Milliseconds> = 1_000...86_400_000
        static let timeoutRange: ClosedRange<Milliseconds> = 1_000...86_400_000
        static let failureRange: ClosedRange<Int> = 1...1_000
        static let delayRange: ClosedRange<Milliseconds> = 0...86_400_000
    }

    var probe: Probe
    var timing = Timing()

    /// `http:/health every 10s, timeout 1s, 3 failures`.
    var description: String {
        var text = "\(probe) every \(SecondsText.of(timing.interval))s, timeout \(SecondsText.of(timing.timeout))s, \(timing.failureThreshold) failure\(timing.failureThreshold == 1 ? "" : "s")"
        if timing.initialDelay > 0 { text += ", after \(SecondsText.of(timing.initialDelay))s" }
        return text
    }
}
