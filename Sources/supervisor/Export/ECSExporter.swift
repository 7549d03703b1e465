/// Amazon ECS on Fargate: `APP-TYPE.task-definition.json` per process type (input for
/// `aws ecs register-task-definition --cli-input-json`), and `APP-TYPE.schedule.json` per
/// scheduled admin type (input for `aws events put-rule --cli-input-json`).
///
/// The environment holds the public `.env` keys and PORT; secret keys become `secrets` that
/// name SSM parameters `/APP/KEY`, never values.
enum ECSExporter {
    static func render(_ plan: ExportPlan, image: String) -> [ExportedFile] {
        var files: [ExportedFile] = []
        for role in plan.roles {
            let name = "\(plan.app)-\(role.label)"
            files.append(ExportedFile(path: "\(name).task-definition.json", contents: taskDefinition(plan, role, image: image).json))
            if let schedule = role.schedule {
                let rule = StructuredValue.object([
                    ("Name", .string(name)),
                    ("ScheduleExpression", .string(schedule.eventBridge)),
                    ("State", .string("ENABLED")),
                    ("Description", .string("Runs the \(plan.app) admin process \(role.type.name) (\(schedule.cron), UTC)")),
                ])
                files.append(ExportedFile(path: "\(name).schedule.json", contents: rule.json))
            }
        }
        return files
    }

    /// ECS's bounds on a container's `stopTimeout`, in seconds.
    static let stopTimeoutRange = 2...120

    /// The type's grace period plus the engine's margin, within `stopTimeoutRange`.
    static func stopTimeout(_ settings: ExportSettings, _ role: ProcessRole) -> Int {
        min(max(settings.engineStopTimeout(for: role.type.name), stopTimeoutRange.lowerBound), stopTimeoutRange.upperBound)
    }

    static func taskDefinition(_ plan: ExportPlan, _ role: ProcessRole, image: String) -> StructuredValue {
        let settings = plan.settings
        let account = settings.accountID ?? "ACCOUNT_ID"
        var environment: [StructuredValue] = [.object([("name", .string("PORT")), ("value", .string(String(plan.basePort)))])]
        environment += plan.publicEnvironment.map { .object([("name", .string($0.key)), ("value", .string($0.value))]) }
        let secrets: [StructuredValue] = plan.secretKeys.map { key in
            .object([("name", .string(key)), ("valueFrom", .string("arn:aws:ssm:\(settings.region):\(account):parameter/\(plan.app)/\(key)"))])
        }
        var container: [(String, StructuredValue)] = [
            ("name", .string(role.label)),
            ("image", .string(image)),
            ("essential", .bool(true)),
            ("command", .array(ContainerCommand.arguments(for: role, settings: settings).map(StructuredValue.string))),
        ]
        if role.isWeb {
            container.append(("portMappings", .array([.object([
                ("name", .string("http")), ("containerPort", .int(role.port)), ("protocol", .string("tcp")),
            ])])))
        }
        container += [
            ("environment", .array(environment)),
            ("secrets", .array(secrets)),
            ("stopTimeout", .int(stopTimeout(settings, role))),
            ("readonlyRootFilesystem", .bool(true)),
            ("mountPoints", .array([.object([("sourceVolume", .string("tmp")), ("containerPath", .string("/tmp"))])])),
            ("logConfiguration", .object([
                ("logDriver", .string("awslogs")),
                ("options", .object([
                    ("awslogs-group", .string("/formation/\(plan.app)")),
                    ("awslogs-region", .string(settings.region)),
                    ("awslogs-stream-prefix", .string(role.label)),
                ])),
            ])),
        ]
        if let memory = containerMemory(settings, role) { container.append(("memory", .int(memory))) }
        if let check = settings.policy(for: role.type.name).check, !role.runsOnce {
            container.append(("healthCheck", healthCheck(check, port: role.port)))
        } else if settings.isNotify(role.type.name) && !role.runsOnce {
            container.append(("healthCheck", .object([
                ("command", .array((["CMD"] + ContainerCommand.readyCheck).map(StructuredValue.string))),
                ("interval", .int(15)), ("timeout", .int(5)), ("retries", .int(3)), ("startPeriod", .int(10)),
            ])))
        } else if role.isWeb {
            container.append(("healthCheck", .object([
                ("command", .array(["CMD", "bash", "-c", ContainerCommand.httpCheck(port: role.port)].map(StructuredValue.string))),
                ("interval", .int(15)), ("timeout", .int(5)), ("retries", .int(3)), ("startPeriod", .int(10)),
            ])))
        }
        return .object([
            ("family", .string("\(plan.app)-\(role.label)")),
            ("networkMode", .string("awsvpc")),
            ("requiresCompatibilities", .array([.string("FARGATE")])),
            ("cpu", .string(String(settings.cpu))),
            ("memory", .string(String(settings.memory))),
            ("runtimePlatform", .object([("operatingSystemFamily", .string("LINUX")), ("cpuArchitecture", .string("X86_64"))])),
            ("executionRoleArn", .string("arn:aws:iam::\(account):role/\(plan.app)-execution")),
            ("taskRoleArn", .string("arn:aws:iam::\(account):role/\(plan.app)-\(role.label)-task")),
            ("containerDefinitions", .array([.object(container)])),
            // The root file system is read-only; /tmp is the one writable, task-local place.
            ("volumes", .array([.object([("name", .string("tmp"))])])),
        ])
    }
}
