import Procfile

extension SupervisorCommand.Start {
    /// One job instance (`backup-job.1`, with the port instance 1 would have) for each Procfile
    /// type without instances in this run (formation count 0, or not named): it runs when its
    /// schedule says or on `supervisor trigger` (see `Lifecycle+Jobs`). A release type skipped
    /// with `--no-release` is not one.
    static func jobs(of project: Project, running: Set<String>, policy: PolicyOptions) -> [SupervisedInstance] {
        guard let procfile = project.procfile else { return [] }
        let types = procfile.processTypes.map(\.name)
        let admin = Set(types.filter { !running.contains($0) && policy.runs($0) })
        guard !admin.isEmpty, let planned = try? InstancePlan.make(procfile: procfile, counts: { admin.contains($0.name) ? 1 : 0 }, basePort: project.basePort)
        else { return [] }
        return planned.map { instance in
            SupervisedInstance.job(
                name: instance.name, type: instance.type, typeIndex: types.firstIndex(of: instance.type) ?? 0,
                port: instance.port, command: instance.command)
        }
    }
}
