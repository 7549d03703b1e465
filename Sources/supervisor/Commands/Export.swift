import ArgumentParser
import Glibc

extension SupervisorCommand {
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the formation as systemd units, ECS task definitions or Kubernetes manifests.",
            discussion: """
                Long-running types are those the formation runs (count above 0); admin types have count 0 \
                (e.g. -m web=2,backup-job=0) and run by hand or on a --schedule. A type named 'release' runs \
                once before the others (a oneshot unit they require, an ECS task to run first, a Kubernetes \
                Job) unless --no-release or release=0. Only 'web' gets a port \
                and a Service; a type with a --check is probed by it (without one, 'web' is probed on /), and \
                --memory-max is each engine's memory limit (docs/deploy.md). Keys of the .env files whose names contain SECRET, PASSWORD, \
                PASSWD, TOKEN, KEY, CREDENTIAL or PRIVATE (or named by --secret, unless named by --public) \
                are secrets: ECS and Kubernetes files reference them (SSM parameter /APP/KEY, Secret \
                APP-secrets) and never hold their values; the systemd APP.env file holds every value, mode 0600.
                """)

        @Argument(help: "The engine to write for.")
        var format: ExportFormat

        @Argument(help: "The directory to write into (created if missing).")
        var directory: String

        @OptionGroup var project: ProjectOptions

        @Option(name: [.customShort("m"), .long], help: "Instances per type, e.g. web=2,backup-job=0 (default: $FORMATION, else all=1).")
        var formation: String?

        @Option(name: [.customShort("p"), .long], help: "Base port (default: $PORT, else 5000).")
        var port: Int?

        /// `--restart`, `--stop-signal`, `-t/--timeout`, read with `FORMATION_RESTART`,
        /// `FORMATION_STOP_SIGNAL` and `FORMATION_TIMEOUT` exactly as `start` reads them.
        @OptionGroup var policyOptions: PolicyOptions

        @Option(help: "The application name, prefix of every file and object (default: the root directory's name).")
        var app: String?

        @Option(help: "The container image, e.g. 123456789012.dkr.ecr.us-east-1.amazonaws.com/formation:1.0 (ecs, kubernetes).")
        var image: String?

        @Option(help: "A .env key to treat as a secret although its name does not say so; repeatable.")
        var secret: [String] = []

        @Option(help: "A .env key to treat as public although its name looks secret; repeatable.")
        var `public`: [String] = []

        @Option(help: "systemd: the user the units run as (default: the app name, at most 31 characters).")
        var user: String?

        @Option(help: "systemd: the supervisor binary the units run (default: this one).")
        var supervisor: String?

        @Option(help: "ecs: the AWS region of the log group and SSM parameters.")
        var region: String = "us-east-1"

        @Option(help: "ecs: the AWS account ID in role and parameter ARNs (default: the placeholder ACCOUNT_ID).")
        var accountId: String?

        @Option(help: "ecs, kubernetes: CPU units per task or pod (1024 = 1 vCPU).")
        var cpu: Int = 256

        @Option(help: "ecs, kubernetes: memory in MiB per task or pod.")
        var memory: Int = 512

        @Option(help: "kubernetes: the namespace (default: the app name).")
        var namespace: String?

        @Option(help: "kubernetes: the containers' imagePullPolicy: Always, IfNotPresent or Never (default: IfNotPresent for an IMAGE@sha256:DIGEST, else Always).")
        var imagePullPolicy: ImagePullPolicy?

        @Option(help: "TYPE=notify: the type tells when it is ready (sd_notify READY=1): systemd Type=notify, containers started with --ready and checked with `supervisor status --ready`. Repeatable.")
        var ready: [String] = []

        @Option(help: "systemd: WatchdogSec= for --ready notify types (the process sends WATCHDOG=1 at least this often).")
        var watchdogSec: Int?

        func validate() throws {
            if format != .systemd && (image ?? "").isEmpty {
                throw ValidationError("\(format.rawValue) needs --image, e.g. --image 123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1.0")
            }
            guard cpu > 0, memory > 0 else { throw ValidationError("--cpu and --memory must be above 0") }
            if imagePullPolicy != nil && format != .kubernetes {
                throw ValidationError("--image-pull-policy is for kubernetes; \(format.rawValue) has no pull policy to set")
            }
            if let watchdogSec, !(1...86_400).contains(watchdogSec) {
                throw ValidationError("--watchdog-sec must be between 1 and 86400 seconds, got \(watchdogSec)")
            }
        }

        func run() throws {
            let environment = ProcessEnvironment.current()
            let loaded = try CommandSupport.load(project, formation: formation, port: port, environment: environment)
            var problems: [String] = []
            let name = app ?? ExportPlan.defaultName(directory: lastComponent(loaded.root))
            let target = FileSystem.absolute(directory)
            // The policy and readiness as `start` reads them, from the same options and variables.
            // Its problems join the plan's, so that every problem is listed at once.
            var policy = FormationPolicy()
            do throws(SupervisorError) {
                policy = try policyOptions.policy(
                    environment: loaded.environment.variables, origins: loaded.environment.origins, knownTypes: loaded.processTypes.map(\.name),
                    running: loaded.processTypes.map(\.name).filter { policyOptions.runs($0) && loaded.formation.count(for: $0) > 0 })
            } catch {
                problems += error.message.split(separator: "\n").map(String.init)
            }
            let readiness = try CommandSupport.orExit { () throws(SupervisorError) in
                try ReadinessOptions.parse(
                    ready: (loaded.environment.variables["FORMATION_READY"].map { [$0] } ?? []) + ready, sockets: [],
                    knownTypes: loaded.processTypes.map(\.name), checks: policy.checkByType)
            }
            if watchdogSec != nil && !readiness.modes.values.contains(.notify) {
                problems.append("--watchdog-sec needs a --ready TYPE=notify type: only a process that speaks sd_notify can send WATCHDOG=1")
            }
            let settings = ExportSettings(
                app: name, user: user ?? Self.userName(name), policy: policy, noRelease: policyOptions.noRelease,
                schedules: policy.scheduleByType.keys.sorted().compactMap { policy.scheduleByType[$0] },
                secretKeys: secret, publicKeys: `public`, directory: target, region: region, accountID: accountId,
                cpu: cpu, memory: memory, namespace: namespace, readiness: readiness.modes, watchdogSeconds: watchdogSec)
            var plan: ExportPlan?
            var mounts = KubernetesMounts()
            switch ExportPlan.make(project: loaded, settings: settings) {
            case .success(let made):
                plan = made
                if format == .kubernetes {
                    mounts = KubernetesMounts.of(made, namespace: namespace ?? made.app, read: KubernetesMounts.projectReader(root: loaded.root))
                    problems += KubernetesExporter.problems(made) + mounts.problems
                }
                if format == .ecs { problems += ECSExporter.problems(made) }
            case .failure(let error): problems += error.problems
            }
            guard let plan, problems.isEmpty else {
                CommandSupport.report(problems)
                throw ExitCode(CommandSupport.configurationError)
            }
            CommandSupport.report((plan.warnings + ExportWarnings.of(plan, format: format)).map { "warning: \($0)" })
            let files: [ExportedFile]
            switch format {
            case .systemd:
                let host = SystemdHostEnvironment.make(
                    types: loaded.processTypes, variables: loaded.environment.variables, fileKeys: loaded.environment.fileKeys)
                CommandSupport.report(host.unset.map { "warning: \(SystemdHostEnvironment.warning(key: $0.key, type: $0.type))" })
                files = SystemdExporter.render(
                    plan, supervisorPath: supervisor ?? Self.ownPath(), procfilePath: loaded.procfilePath, root: loaded.root, host: host)
            case .ecs:
                files = ECSExporter.render(plan, image: image ?? "")
                if accountId == nil {
                    CommandSupport.report(["warning: role and SSM parameter ARNs contain ACCOUNT_ID; pass --account-id or replace it"])
                }
            case .kubernetes:
                files = KubernetesExporter.render(plan, KubernetesOptions(image: image ?? "", pullPolicy: imagePullPolicy, mounts: mounts))
                CommandSupport.report(mounts.warnings.map { "warning: \($0)" })
                if !plan.secretKeys.isEmpty {
                    CommandSupport.report(["warning: create the Secret first: kubectl -n \(namespace ?? plan.app) create secret generic \(plan.app)-secrets --from-literal=KEY=VALUE for \(plan.secretKeys.joined(separator: ", "))"])
                }
            }
            try CommandSupport.orExit { () throws(SupervisorError) in try ExportWriter.write(files, into: target) }
            for file in files { print(FileSystem.join(target, file.path)) }
        }

        private func lastComponent(_ path: String) -> String {
            path.split(separator: "/").last.map(String.init) ?? "app"
        }

        /// The default Unix user: the app name cut to the 31 characters systemd's strict user
        /// name rules allow.
        static func userName(_ app: String) -> String {
            var name = String(app.prefix(31))
            while name.hasSuffix("-") { name.removeLast() }
            return name
        }

        /// This executable's absolute path, from /proc/self/exe.
        static func ownPath() -> String {
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
            guard n > 0 else { return "/usr/local/bin/supervisor" }
            return String(decoding: buffer.prefix(n).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
    }
}
