extension KubernetesExporter {
    /// Object and container names Kubernetes would refuse: `APP-TYPE` is at most 52 characters
    /// (a CronJob's limit, so its Jobs' names fit) and every type's label is a DNS label.
    static func problems(_ plan: ExportPlan) -> [String] {
        var problems: [String] = []
        for role in plan.roles {
            let name = "\(plan.app)-\(role.label)"
            if name.count > 52 {
                problems.append("the Kubernetes name '\(name)' is longer than 52 characters; choose a shorter --app")
            }
            let label = Array(role.label.unicodeScalars)
            if label.first == "-" || label.last == "-" || label.count > 63 {
                problems.append("process type '\(role.type.name)' gives the container name '\(role.label)', which Kubernetes refuses; rename it in the Procfile to start and end with a letter or digit")
            }
        }
        return problems
    }
}
