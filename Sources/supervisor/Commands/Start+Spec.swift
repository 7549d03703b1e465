import Procfile

extension SupervisorCommand.Start {
    /// The formation these options describe, read from the files now, with `environment` as the
    /// supervisor's environment. Every problem is a line of the error (exit 78 at start, the
    /// refusal of a `reload`); nothing is printed here.
    func spec(environment: [String: String]) throws(Project.LoadError) -> FormationSpec {
        let loaded = try Project.load(project, formation: formation, port: port, processEnvironment: environment)
        guard let procfile = loaded.procfile else { throw Project.LoadError(problems: ["no Procfile in \(loaded.root)"]) }
        let instances = try loaded.instances(only: types).filter { policy.runs($0.type) }
        if instances.isEmpty {
            throw Project.LoadError(problems: ["nothing to run: the formation runs 0 instances of every type; set -m/--formation or FORMATION, e.g. -m all=1"])
        }
        let names = loaded.processTypes.map(\.name)
        let formationPolicy: FormationPolicy
        let readiness: ReadinessOptions
        let watches: [String: [String]]
        do {
            formationPolicy = try policy.policy(
                environment: loaded.environment.variables, origins: loaded.environment.origins, knownTypes: names,
                running: names.filter { type in instances.contains { $0.type == type } })
            readiness = try ReadinessOptions.parse(
                ready: (loaded.environment.variables["FORMATION_READY"].map { [$0] } ?? []) + ready,
                sockets: (loaded.environment.variables["FORMATION_SOCKETS"].map { [$0] } ?? []) + socket,
                knownTypes: names, checks: formationPolicy.checkByType)
            watches = try WatchOptions.parse(
                watch.watch, variable: loaded.environment.variables[WatchOptions.variable],
                origin: loaded.environment.origins[WatchOptions.variable], root: loaded.root,
                knownTypes: names, running: names.filter { type in instances.contains { $0.type == type } })
        } catch {
            throw Project.LoadError(problems: error.description.split(separator: "\n").map(String.init))
        }
        // Instances of a `--socket` type all serve its first port.
        let sharedPorts = Dictionary(instances.reversed().map { ($0.type, $0.port) }) { $1 }
        let members = instances.map { instance in
            SupervisedInstance(
                name: instance.name, type: instance.type, typeIndex: names.firstIndex(of: instance.type) ?? 0,
                port: readiness.sockets.contains(instance.type) ? sharedPorts[instance.type] ?? instance.port : instance.port,
                command: instance.command)
        }
        return FormationSpec(
            procfile: procfile, basePort: loaded.basePort, environment: loaded.environment.variables, members: members,
            jobs: Self.jobs(of: loaded, running: Set(instances.map(\.type)), policy: policy),
            policy: formationPolicy, readiness: readiness.modes, sockets: readiness.sockets, watches: watches)
    }
}
