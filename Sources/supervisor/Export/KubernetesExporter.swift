/// Kubernetes: `APP-namespace.yaml`, `APP-networkpolicy.yaml`, a Deployment per long-running type (replicas from the
/// formation), a Service for `web`, a CronJob per admin type (suspended when it has no
/// schedule, so `kubectl create job --from=cronjob/APP-TYPE` runs it by hand), and the release
/// phase as the Job `APP-release`, applied and waited for before the rest (docs/deploy.md).
///
/// Public `.env` keys are plain `env`; secret keys come from the Secret `APP-secrets`, which
/// the operator creates (`kubectl create secret generic APP-secrets --from-env-file=...`).
/// A `.env` value naming an SQLite database or a file adds the claim `APP-store` or the
/// ConfigMap `APP-config` (``KubernetesMounts``).
enum KubernetesExporter {
    static func render(_ plan: ExportPlan, _ options: KubernetesOptions) -> [ExportedFile] {
        let namespace = plan.settings.namespace ?? plan.app
        var files = [ExportedFile(path: "\(plan.app)-namespace.yaml", contents: StructuredValue.object([
            ("apiVersion", .string("v1")), ("kind", .string("Namespace")),
            ("metadata", .object([("name", .string(namespace)), ("labels", .object([("app.kubernetes.io/name", .string(plan.app))]))])),
        ]).yaml)]
        files.append(ExportedFile(path: "\(plan.app)-networkpolicy.yaml", contents: KubernetesNetworkPolicy.render(plan, namespace: namespace)))
        files += options.mounts.documents(plan, namespace: namespace)
        for role in plan.roles {
            let name = "\(plan.app)-\(role.label)"
            if role.isRelease {
                files.append(ExportedFile(path: "\(name)-job.yaml", contents: job(plan, role, options, namespace: namespace).yaml))
            } else if role.isAdmin {
                files.append(ExportedFile(path: "\(name)-cronjob.yaml", contents: cronJob(plan, role, options, namespace: namespace).yaml))
            } else {
                files.append(ExportedFile(path: "\(name)-deployment.yaml", contents: deployment(plan, role, options, namespace: namespace).yaml))
            }
            if role.isWeb && !role.runsOnce {
                files.append(ExportedFile(path: "\(name)-service.yaml", contents: service(plan, role, namespace: namespace).yaml))
            }
        }
        return files
    }

    static func deployment(_ plan: ExportPlan, _ role: ProcessRole, _ options: KubernetesOptions, namespace: String) -> StructuredValue {
        .object([
            ("apiVersion", .string("apps/v1")), ("kind", .string("Deployment")),
            ("metadata", metadata(plan, role, namespace: namespace, skips: KubernetesPod.skips(
                role, options, checked: plan.settings.policy(for: role.type.name).check != nil))),
            ("spec", .object([
                ("replicas", .int(role.replicas)),
                ("selector", .object([("matchLabels", labels(plan, role))])),
                ("template", .object([
                    ("metadata", .object([("labels", labels(plan, role))])),
                    ("spec", KubernetesPod.spec(plan, role, options, restartPolicy: "Always")),
                ])),
            ])),
        ])
    }

    static func cronJob(_ plan: ExportPlan, _ role: ProcessRole, _ options: KubernetesOptions, namespace: String) -> StructuredValue {
        .object([
            ("apiVersion", .string("batch/v1")), ("kind", .string("CronJob")),
            ("metadata", metadata(plan, role, namespace: namespace, skips: KubernetesPod.skips(role, options))),
            ("spec", .object([
                ("schedule", .string(role.schedule?.cron ?? "0 0 * * *")),
                ("timeZone", .string("Etc/UTC")),
                ("suspend", .bool(role.schedule == nil)),
                ("concurrencyPolicy", .string("Forbid")),
                ("successfulJobsHistoryLimit", .int(3)),
                ("failedJobsHistoryLimit", .int(3)),
                ("jobTemplate", .object([("spec", .object([
                    ("backoffLimit", .int(2)),
                    ("template", .object([
                        ("metadata", .object([("labels", labels(plan, role))])),
                        ("spec", KubernetesPod.spec(plan, role, options, restartPolicy: "Never")),
                    ])),
                ]))])),
            ])),
        ])
    }

    /// The release phase: one pod, never retried (a failed release must stop the deploy, as it
    /// stops `start`). A Job's pod template cannot change, so each deploy deletes the last one
    /// and applies this anew (docs/deploy.md).
    static func job(_ plan: ExportPlan, _ role: ProcessRole, _ options: KubernetesOptions, namespace: String) -> StructuredValue {
        .object([
            ("apiVersion", .string("batch/v1")), ("kind", .string("Job")),
            ("metadata", metadata(plan, role, namespace: namespace, skips: KubernetesPod.skips(role, options))),
            ("spec", .object([
                ("backoffLimit", .int(0)),
                ("template", .object([
                    ("metadata", .object([("labels", labels(plan, role))])),
                    ("spec", KubernetesPod.spec(plan, role, options, restartPolicy: "Never")),
                ])),
            ])),
        ])
    }

    static func service(_ plan: ExportPlan, _ role: ProcessRole, namespace: String) -> StructuredValue {
        .object([
            ("apiVersion", .string("v1")), ("kind", .string("Service")),
            ("metadata", metadata(plan, role, namespace: namespace, skips: [])),
            ("spec", .object([
                ("type", .string("ClusterIP")),
                ("selector", labels(plan, role)),
                ("ports", .array([.object([("name", .string("http")), ("port", .int(80)), ("targetPort", .string("http"))])])),
            ])),
        ])
    }

    static func labels(_ plan: ExportPlan, _ role: ProcessRole) -> StructuredValue {
        .object([("app.kubernetes.io/name", .string(plan.app)), ("app.kubernetes.io/component", .string(role.label))])
    }

    /// Name, namespace, labels, and checkov suppressions as `checkov.io/skipN` annotations.
    static func metadata(_ plan: ExportPlan, _ role: ProcessRole, namespace: String, skips: [(String, String)]) -> StructuredValue {
        var pairs: [(String, StructuredValue)] = [
            ("name", .string("\(plan.app)-\(role.label)")), ("namespace", .string(namespace)), ("labels", labels(plan, role)),
        ]
        if !skips.isEmpty {
            pairs.append(("annotations", .object(skips.enumerated().map { index, skip in
                ("checkov.io/skip\(index + 1)", .string("\(skip.0)=\(skip.1)"))
            })))
        }
        return .object(pairs)
    }
}
