import ArgumentParser
import Glibc

extension SupervisorCommand {
    /// `supervisor probe CHECK`: one health check, as `--check` spells it, from outside the
    /// supervisor: the client the exports use where the engine has none of its own (an ECS
    /// `healthCheck` in the slim image, which has no curl; a systemd unit's companion check
    /// unit). A one-shot command, so it blocks; every wait is bounded by `--timeout`.
    struct Probe: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run a health check once (exit 0 when healthy, 1 when not), or keep watching with --watch.",
            discussion: """
                CHECK is spelt as for --check: http:PATH (GET on 127.0.0.1:PORT; a 2xx or 3xx status is healthy), \
                tcp (a connect to 127.0.0.1:PORT) or exec:COMMAND (sh -c COMMAND with PORT set, in a process \
                group of its own, killed at the timeout; exit 0 is healthy).

                --watch checks as `start` does: the first check after --delay, then every half second until the first \
                success (failures before it do not count, for at most --ready-timeout), then every --interval; \
                --failures failures in a row end the watch with status 1 and one line naming the check and the \
                last answer. The systemd export runs it beside each instance of a checked type (docs/deploy.md).
                """)

        @Option(help: "The instance's port (default: $PORT).")
        var port: Int?

        @Option(help: "Seconds one check may take; longer is a failure.")
        var timeout: Double = 1

        @Flag(help: "Keep checking until the check fails --failures times in a row (then exit 1).")
        var watch = false

        @Option(help: "--watch: seconds between checks once the first succeeded.")
        var interval: Double = 10

        @Option(help: "--watch: failures in a row that end the watch.")
        var failures: Int = 3

        @Option(help: "--watch: seconds before the first check.")
        var delay: Double = 0

        @Option(help: "--watch: seconds the first success may take; later ends the watch with status 1.")
        var readyTimeout: Double = 60

        @Argument(help: "http:PATH, tcp or exec:COMMAND.")
        var check: String

        func validate() throws {
            guard HealthCheck.Probe(check) != nil else {
                throw ValidationError("'\(check)' is no check; use http:PATH (PATH starting with /), tcp or exec:COMMAND")
            }
            for (name, value, range) in [("--timeout", timeout, 0.001...86_400), ("--interval", interval, 0.001...86_400),
                                         ("--delay", delay, 0...86_400), ("--ready-timeout", readyTimeout, 0.001...86_400)]
            where !range.contains(value) {
                throw ValidationError("\(name) must be from \(SecondsText.of(Int64(range.lowerBound * 1000))) to 86400 seconds, got \(value)")
            }
            guard (1...1000).contains(failures) else { throw ValidationError("--failures must be from 1 to 1000, got \(failures)") }
            if let port, !(1...65_535).contains(port) { throw ValidationError("--port must be from 1 to 65535, got \(port)") }
        }

        func run() throws {
            guard let probe = HealthCheck.Probe(check) else { throw ExitCode(CommandSupport.configurationError) }
            let environment = ProcessEnvironment.current()
            let port = self.port ?? environment["PORT"].flatMap { Int($0) }
            if port == nil, probe.kind != "exec" {
                CommandSupport.report(["probe \(check) needs the instance's port: pass --port or set PORT"])
                throw ExitCode(CommandSupport.configurationError)
            }
            let target = Target(probe: probe, port: port ?? 0, timeout: Int64(timeout * 1000))
            guard watch else {
                let answer = target.check()
                if !answer.healthy { CommandSupport.report(["\(check)\(target.place): \(answer.text)"]) }
                throw ExitCode(answer.healthy ? 0 : 1)
            }
            throw ExitCode(watchUntilUnhealthy(target))
        }

        /// `--watch`: `start`'s rhythm (see `HealthCheckState`) with a blocking client; returns 1
        /// once the check is unhealthy or never succeeded within `--ready-timeout`.
        private func watchUntilUnhealthy(_ target: Target) -> Int32 {
            let started = MonotonicClock.nowMilliseconds()
            let everyMilliseconds = Int64(interval * 1000)
            var succeeded = false
            var failuresInRow = 0
            Self.sleep(until: started + Int64(delay * 1000))
            while true {
                let begun = MonotonicClock.nowMilliseconds()
                let answer = target.check()
                if answer.healthy {
                    if !succeeded {
                        // Written at once: stdout is a pipe (the journal) and the watch may run for weeks.
                        StandardError.write("\(check)\(target.place): healthy (\(answer.text))\n", to: 1)
                    }
                    succeeded = true
                    failuresInRow = 0
                } else if succeeded {
                    failuresInRow += 1
                    let line = "\(check)\(target.place) failed \(failuresInRow) of \(failures) in a row: \(answer.text)"
                    guard failuresInRow < failures else {
                        CommandSupport.report(["\(line); unhealthy"])
                        return 1
                    }
                    CommandSupport.report([line])
                } else if begun - started >= Int64(readyTimeout * 1000) {
                    CommandSupport.report(["\(check)\(target.place) has not succeeded within \(SecondsText.of(Int64(readyTimeout * 1000)))s (--ready-timeout): \(answer.text)"])
                    return 1
                }
                Self.sleep(until: begun + (succeeded ? everyMilliseconds : min(everyMilliseconds, HealthCheckState.readinessInterval)))
            }
        }

        private static func sleep(until deadline: Int64) {
            var left = deadline - MonotonicClock.nowMilliseconds()
            while left > 0 {
                var span = timespec(tv_sec: Int(left / 1000), tv_nsec: Int(left % 1000) * 1_000_000)
                _ = nanosleep(&span, nil)
                left = deadline - MonotonicClock.nowMilliseconds()
            }
        }
    }
}
