extension KubernetesPod {
    /// A checked type's probes, all three from its one check (`--check`), so that the check is
    /// the probe, as in `start`: `startupProbe` (every second, Kubernetes' least, until the first success, for as
    /// long as `start`'s ready timeout, so that failures before it do not count), then
    /// `readinessProbe` and `livenessProbe` with the check's timing.
    static func probes(_ check: HealthCheck, port: Int) -> [(String, StructuredValue)] {
        let exported = ExportedCheck(check: check, port: String(port))
        return [
            ("startupProbe", probe(check, port: port, period: ExportedCheck.startupPeriodSeconds, failures: exported.startupFailureThreshold)),
            ("readinessProbe", probe(check, port: port)),
            ("livenessProbe", probe(check, port: port)),
        ]
    }

    /// One probe running `check` as `supervisor probe` in the container, for every kind: the
    /// check `start` runs, on 127.0.0.1 at the type's port (an `exec` check gets the instance's
    /// PORT, and its process group is killed at the timeout), with nothing else from the image.
    /// The kubelet's `httpGet` and `tcpSocket` would connect to the pod's IP instead, and an
    /// engine that imitates them with the image's tools (`podman kube play` runs `curl` and `nc`,
    /// which the image has not) could not run them.
    static func probe(_ check: HealthCheck, port: Int, period: Int? = nil, failures: Int? = nil) -> StructuredValue {
        let exported = ExportedCheck(check: check, port: String(port))
        return .object([
            ("exec", .object([("command", .array(([ExportedCheck.imageSupervisor] + exported.probeArguments).map(StructuredValue.string)))])),
            ("initialDelaySeconds", .int(exported.initialDelaySeconds)), ("periodSeconds", .int(period ?? exported.periodSeconds)),
            ("timeoutSeconds", .int(exported.timeoutSeconds)), ("failureThreshold", .int(failures ?? exported.failureThreshold)),
        ])
    }
}
