/// The pod spec shared by Deployments and CronJobs: one container running the role with
/// `supervisor` as PID 1, non-root, read-only, no privileges, bounded resources.
enum KubernetesPod {
    /// The non-root user of the image (see the Dockerfile).
    static let userID = 10001

    /// Readiness of a `--ready notify` type: the supervisor in the container says whether its
    /// instance sent READY=1.
    static let readyProbe = StructuredValue.object([
        ("exec", .object([("command", .array(ContainerCommand.readyCheck.map(StructuredValue.string)))])),
        ("periodSeconds", .int(5)), ("timeoutSeconds", .int(5)), ("failureThreshold", .int(3)),
    ])

    /// `web`'s probe when it has no `--check`: `GET /` every 10 s, 5 s to answer, 3 failures.
    static let webCheck = HealthCheck(probe: .http(path: "/"), timing: HealthCheck.Timing(interval: 10_000, timeout: 5_000, failureThreshold: 3))

    static func spec(_ plan: ExportPlan, _ role: ProcessRole, _ options: KubernetesOptions, restartPolicy: String) -> StructuredValue {
        let settings = plan.settings
        var environment: [StructuredValue] = [.object([("name", .string("PORT")), ("value", .string(String(plan.basePort)))])]
        environment += plan.publicEnvironment.map { .object([("name", .string($0.key)), ("value", .string($0.value))]) }
        environment += plan.secretKeys.map { key in
            .object([("name", .string(key)), ("valueFrom", .object([("secretKeyRef", .object([
                ("name", .string("\(plan.app)-secrets")), ("key", .string(key)),
            ]))]))])
        }
        let millicores = max(1, settings.cpu * 1000 / 1024)
        // `--memory` is the request and the limit; a type's `--memory-max` is its limit, and the
        // request is at most that (Kubernetes refuses a request above the limit).
        let policy = settings.policy(for: role.type.name)
        let memory = settings.memory << 20
        let limit = policy.memoryMax ?? memory
        func resources(_ bytes: Int) -> StructuredValue {
            .object([("cpu", .string("\(millicores)m")), ("memory", .string(MemoryQuantity.kubernetes(bytes)))])
        }
        var container: [(String, StructuredValue)] = [
            ("name", .string(role.label)),
            ("image", .string(options.image)),
            ("imagePullPolicy", .string(options.pullPolicy.rawValue)),
            ("args", .array(ContainerCommand.arguments(for: role, settings: settings).map(StructuredValue.string))),
        ]
        if let check = policy.check, !role.runsOnce {
            if role.isWeb { container.append(("ports", .array([.object([("name", .string("http")), ("containerPort", .int(role.port))])]))) }
            container += probes(check, port: role.port)
        } else if role.isWeb && !role.runsOnce {
            let probe = Self.probe(Self.webCheck, port: role.port)
            container += [
                ("ports", .array([.object([("name", .string("http")), ("containerPort", .int(role.port))])])),
                ("readinessProbe", settings.isNotify(role.type.name) ? Self.readyProbe : probe),
                ("livenessProbe", probe),
            ]
        } else if settings.isNotify(role.type.name) && !role.runsOnce {
            container.append(("readinessProbe", Self.readyProbe))
        }
        container += [
            ("env", .array(environment)),
            ("resources", .object([("requests", resources(min(memory, limit))), ("limits", resources(limit))])),
            ("volumeMounts", .array([.object([("name", .string("tmp")), ("mountPath", .string("/tmp"))])] + options.mounts.volumeMounts)),
            ("securityContext", .object([
                ("allowPrivilegeEscalation", .bool(false)),
                ("privileged", .bool(false)),
                ("readOnlyRootFilesystem", .bool(true)),
                ("capabilities", .object([("drop", .array([.string("ALL")]))])),
            ])),
        ]
        var security: [(String, StructuredValue)] = [("runAsNonRoot", .bool(true)), ("runAsUser", .int(userID)), ("runAsGroup", .int(userID))]
        // The claim's files belong to the image's group, so that the non-root user can write them.
        if options.mounts.store != nil { security.append(("fsGroup", .int(userID))) }
        security.append(("seccompProfile", .object([("type", .string("RuntimeDefault"))])))
        return .object([
            ("automountServiceAccountToken", .bool(false)),
            ("restartPolicy", .string(restartPolicy)),
            ("terminationGracePeriodSeconds", .int(settings.engineStopTimeout(for: role.type.name))),
            ("securityContext", .object(security)),
            ("containers", .array([.object(container)])),
            // The root file system is read-only; /tmp is the one writable, pod-local place, the
            // store's claim the one shared.
            ("volumes", .array([.object([("name", .string("tmp")), ("emptyDir", .object([]))])] + options.mounts.volumes(plan))),
        ])
    }

    /// checkov findings that these manifests accept, each with the reason.
    static func skips(_ role: ProcessRole, _ options: KubernetesOptions, checked: Bool = false) -> [(String, String)] {
        var skips: [(String, String)] = [
            ("CKV_K8S_35", "twelve-factor config is the environment; secrets come from a Secret through secretKeyRef, never inline"),
        ]
        if !options.image.contains("@sha256:") {
            skips.append(("CKV_K8S_43", "the image is given by tag with --image; pass IMAGE@sha256:DIGEST to pin it"))
        }
        if options.pullPolicy != .always {
            let why = options.image.contains("@sha256:") ? "the image is pinned by digest, so a pull cannot change it" : "--image-pull-policy \(options.pullPolicy.rawValue) was asked for"
            skips.append(("CKV_K8S_15", "imagePullPolicy is \(options.pullPolicy.rawValue): \(why)"))
        }
        if (!role.isWeb && !checked) || role.runsOnce {
            let why = role.runsOnce ? "runs once" : "serves no HTTP and has no --check"
            skips.append(("CKV_K8S_8", "\(role.type.name) \(why), so it has no liveness probe; the supervisor restarts or exits with it"))
            skips.append(("CKV_K8S_9", "\(role.type.name) \(why), so it has no readiness probe"))
        }
        return skips
    }
}
