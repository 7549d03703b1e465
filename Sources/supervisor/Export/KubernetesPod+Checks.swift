extension KubernetesPod {
    /// A checked type's probes, all three from its one check (`--check`), so that the check is
    /// the probe, as in `start`: `startupProbe` (every second, Kubernetes' least, until the first success, for as
    /// long as `start`'s ready timeout, so that failures before it do not count), then
    /// `readinessProbe` and `livenessProbe` with the check's timing. `http` and `tcp` are the
    /// kubelet's own `httpGet` and `tcpSocket` on the type's port; `exec` runs
    /// `supervisor probe`, which gives the command the instance's PORT (the container's PORT is
    /// the formation's base) and kills its process group at the timeout.
    static func probes(_ check: HealthCheck, port: Int) -> [(String, StructuredValue)] {
        let exported = ExportedCheck(check: check, port: String(port))
        let handler: (String, StructuredValue) = switch check.probe {
        case .http(let path): ("httpGet", .object([("path", .string(path)), ("port", .int(port))]))
        case .tcp: ("tcpSocket", .object([("port", .int(port))]))
        case .exec: ("exec", .object([("command", .array(([ExportedCheck.imageSupervisor] + exported.probeArguments).map(StructuredValue.string)))]))
        }
        func probe(period: Int, failures: Int) -> StructuredValue {
            .object([
                handler,
                ("initialDelaySeconds", .int(exported.initialDelaySeconds)), ("periodSeconds", .int(period)),
                ("timeoutSeconds", .int(exported.timeoutSeconds)), ("failureThreshold", .int(failures)),
            ])
        }
        let running = probe(period: exported.periodSeconds, failures: exported.failureThreshold)
        return [
            ("startupProbe", probe(period: ExportedCheck.startupPeriodSeconds, failures: exported.startupFailureThreshold)),
            ("readinessProbe", running),
            ("livenessProbe", running),
        ]
    }
}
