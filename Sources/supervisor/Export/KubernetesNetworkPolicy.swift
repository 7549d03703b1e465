/// Network policies: no ingress to the app's pods except HTTP to `web` (from anywhere in the
/// cluster, e.g. an ingress controller); egress stays open for backing services.
enum KubernetesNetworkPolicy {
    static func render(_ plan: ExportPlan, namespace: String) -> String {
        let app = StructuredValue.object([("app.kubernetes.io/name", .string(plan.app))])
        func policy(_ name: String, selector: StructuredValue, ingress: [StructuredValue]) -> StructuredValue {
            .object([
                ("apiVersion", .string("networking.k8s.io/v1")), ("kind", .string("NetworkPolicy")),
                ("metadata", .object([("name", .string(name)), ("namespace", .string(namespace)), ("labels", app)])),
                ("spec", .object([
                    ("podSelector", .object([("matchLabels", selector)])),
                    ("policyTypes", .array([.string("Ingress")])),
                    ("ingress", .array(ingress)),
                ])),
            ])
        }
        var documents = [policy("\(plan.app)-deny-ingress", selector: app, ingress: [])]
        if let web = plan.longRunning.first(where: \.isWeb) {
            documents.append(policy(
                "\(plan.app)-\(web.label)-http", selector: KubernetesExporter.labels(plan, web),
                ingress: [.object([("ports", .array([.object([("protocol", .string("TCP")), ("port", .string("http"))])]))])]))
        }
        return documents.map(\.yaml).joined(separator: "---\n")
    }
}
