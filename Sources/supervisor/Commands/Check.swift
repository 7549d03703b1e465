import ArgumentParser
import JSONText
import Procfile

extension SupervisorCommand {
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate the Procfile, .env files and formation; print types, instances and ports.",
            discussion: "Exits 78 with every problem listed when the input is invalid. --json prints env keys only, never values.")

        @OptionGroup var project: ProjectOptions

        @Option(name: [.customShort("m"), .long], help: "Instances per type, e.g. web=2,worker=1.")
        var formation: String?

        @Option(name: [.customShort("p"), .long], help: "Base port (default: $PORT, else 5000).")
        var port: Int?

        @OptionGroup var policyOptions: PolicyOptions

        @Flag(help: "Print {\"processes\":[{\"name\",\"command\",\"instances\":[{\"name\",\"port\"}],\"policy\":{\"restart\",\"stop_signal\",\"grace_period_seconds\",\"after\":[\"DEP:CONDITION\"],\"check\":{\"probe\",\"kind\",\"interval_seconds\",\"timeout_seconds\",\"failure_threshold\",\"initial_delay_seconds\",\"description\"},\"memory_max\":BYTES}}],\"env_keys\":[...]}; check and memory_max only for a type that has them.")
        var json = false

        func run() throws {
            let loaded = try CommandSupport.load(project, formation: formation, port: port, environment: ProcessEnvironment.current())
            let instances = try CommandSupport.instances(of: loaded, only: []).filter { policyOptions.runs($0.type) }
            let policy = try CommandSupport.orExit { () throws(SupervisorError) in
                try policyOptions.policy(
                    environment: loaded.environment.variables, origins: loaded.environment.origins, knownTypes: loaded.processTypes.map(\.name),
                    running: loaded.processTypes.map(\.name).filter { type in instances.contains { $0.type == type } })
            }
            print(json ? Self.json(loaded, instances, policy: policy) : Self.text(loaded, instances, policy: policy))
        }

        static func text(_ project: Project, _ instances: [Instance], policy: FormationPolicy = FormationPolicy()) -> String {
            let types = project.processTypes
            let width = max(types.map(\.name.count).max() ?? 0, "process".count)
            func pad(_ text: String, _ width: Int) -> String { text + String(repeating: " ", count: max(0, width - text.count)) }
            var lines = ["\(project.procfilePath): \(types.count) process type\(types.count == 1 ? "" : "s")"]
            lines.append("  \(pad("process", width))  instances  ports        command")
            for type in types {
                let mine = instances.filter { $0.type == type.name }
                let ports = mine.isEmpty ? "-" : mine.count == 1 ? "\(mine[0].port)" : "\(mine[0].port)-\(mine[mine.count - 1].port)"
                lines.append("  \(pad(type.name, width))  \(pad(String(mine.count), 9))  \(pad(ports, 11))  \(type.command)")
            }
            let files = project.envFiles.isEmpty ? "none" : project.envFiles.joined(separator: ", ")
            let keys = project.environment.fileKeys
            lines.append("env files: \(files) (\(keys.count) key\(keys.count == 1 ? "" : "s")\(keys.isEmpty ? "" : ": " + keys.joined(separator: ", ")))")
            lines.append("instances: \(instances.map { "\($0.name):\($0.port)" }.joined(separator: " "))")
            lines.append("  \(pad("process", width))  restart     stop signal  grace period  after")
            for type in types {
                let own = policy.policy(for: type.name)
                let after = Self.after(type.name, policy: policy, instances: instances)
                let grace = pad(SupervisorEvent.seconds(Int(own.gracePeriod)), 12)
                let waits = instances.contains { $0.type == type.name } ? (after.isEmpty ? "-" : after.joined(separator: " ")) : "(not run)"
                lines.append("  \(pad(type.name, width))  \(pad(own.restart.rawValue, 10))  \(pad(SignalName.of(own.stopSignal), 11))  \(grace)  \(waits)")
            }
            return (lines + Self.limits(types.map(\.name), policy: policy, pad: pad, width: width)).joined(separator: "\n")
        }

        /// Each type's memory cap, schedule and health check, when some type has one (`-` for none).
        static func limits(_ types: [String], policy: FormationPolicy, pad: (String, Int) -> String, width: Int) -> [String] {
            let policies = types.map { policy.policy(for: $0) }
            guard policies.contains(where: { $0.check != nil || $0.memoryMax != nil || $0.schedule != nil }) else { return [] }
            let schedules = policies.map { $0.schedule?.cron ?? "-" }
            let scheduleWidth = max("schedule".count, schedules.map(\.count).max() ?? 0)
            return ["  \(pad("process", width))  memory max  \(pad("schedule", scheduleWidth))  check"] + zip(types, policies).enumerated().map { index, pair in
                let (type, own) = pair
                return "  \(pad(type, width))  \(pad(own.memoryMax.map(MemorySize.text) ?? "-", 10))  \(pad(schedules[index], scheduleWidth))  \(own.check?.description ?? "-")"
            }
        }

        /// `,"check":{...}` and `,"memory_max":BYTES` for a type that has them (nothing otherwise).
        static func limitsJSON(_ own: TypePolicy) -> String {
            var json = ""
            if let check = own.check {
                let timing = check.timing
                json += ",\"check\":{\"probe\":\(JSONString.quoted(check.probe.description)),\"kind\":\(JSONString.quoted(check.probe.kind))"
                    + ",\"interval_seconds\":\(SecondsText.of(timing.interval)),\"timeout_seconds\":\(SecondsText.of(timing.timeout))"
                    + ",\"failure_threshold\":\(timing.failureThreshold),\"initial_delay_seconds\":\(SecondsText.of(timing.initialDelay))"
                    + ",\"description\":\(JSONString.quoted(check.description))}"
            }
            if let cap = own.memoryMax { json += ",\"memory_max\":\(cap)" }
            if let schedule = own.schedule { json += ",\"schedule\":\(JSONString.quoted(schedule.cron))" }
            return json
        }

        /// What `type` waits for, the release rule included, when `instances` run.
        static func after(_ type: String, policy: FormationPolicy, instances: [Instance]) -> [String] {
            policy.dependencies(of: type, running: Set(instances.map(\.type))).map(\.description)
        }

        static func json(_ project: Project, _ instances: [Instance], policy: FormationPolicy = FormationPolicy()) -> String {
            let processes = project.processTypes.map { type in
                let mine = instances.filter { $0.type == type.name }
                    .map { "{\"name\":\(JSONString.quoted($0.name)),\"port\":\($0.port)}" }
                let own = policy.policy(for: type.name)
                let seconds = SecondsText.of(own.gracePeriod)
                let after = Self.after(type.name, policy: policy, instances: instances).map(JSONString.quoted).joined(separator: ",")
                let policyJSON = "{\"restart\":\(JSONString.quoted(own.restart.rawValue)),\"stop_signal\":\(JSONString.quoted(SignalName.of(own.stopSignal))),\"grace_period_seconds\":\(seconds),\"after\":[\(after)]\(Self.limitsJSON(own))}"
                return "{\"name\":\(JSONString.quoted(type.name)),\"command\":\(JSONString.quoted(type.command)),\"instances\":[\(mine.joined(separator: ","))],\"policy\":\(policyJSON)}"
            }
            let keys = project.environment.fileKeys.map(JSONString.quoted)
            return "{\"processes\":[\(processes.joined(separator: ","))],\"env_keys\":[\(keys.joined(separator: ","))]}"
        }
    }
}
