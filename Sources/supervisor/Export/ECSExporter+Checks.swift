extension ECSExporter {
    /// ECS's bounds on a container `healthCheck` (seconds, and retries).
    static let intervalRange = 5...300
    static let timeoutRange = 2...60
    static let retriesRange = 1...10
    static let startPeriodRange = 0...300
    /// The least memory a container may be given, in MiB (Docker's own minimum).
    static let minimumContainerMemory = 6

    /// One `healthCheck` setting: what the check asks for and what ECS is given (within its range).
    struct CheckSetting {
        let name: String
        /// The option that sets it.
        let option: String
        let wanted: Int
        let range: ClosedRange<Int>
        var written: Int { min(max(wanted, range.lowerBound), range.upperBound) }
        /// Whether ECS's value changes the check: a `timeout` raised to ECS's least does not,
        /// since `supervisor probe` still gives up at the check's own timeout.
        var changesCheck: Bool { written != wanted && !(name == "timeout" && written > wanted) }
    }

    /// The check's settings in ECS's terms. `startPeriod` is the time from the start during which
    /// failures do not count, as before `start` sees the first success (its ready timeout).
    static func checkSettings(_ check: HealthCheck, port: Int) -> [CheckSetting] {
        let exported = ExportedCheck(check: check, port: String(port))
        return [
            CheckSetting(name: "interval", option: "--check-interval", wanted: exported.periodSeconds, range: intervalRange),
            CheckSetting(name: "timeout", option: "--check-timeout", wanted: exported.timeoutSeconds, range: timeoutRange),
            CheckSetting(name: "retries", option: "--check-failures", wanted: exported.failureThreshold, range: retriesRange),
            CheckSetting(name: "startPeriod", option: "--check-delay", wanted: exported.startupSeconds, range: startPeriodRange),
        ]
    }

    /// A checked type's `healthCheck`: `supervisor probe` in the image (which has no curl), each
    /// setting within ECS's range (`ExportWarnings.ecs` names what was changed).
    static func healthCheck(_ check: HealthCheck, port: Int) -> StructuredValue {
        let command = ["CMD", ExportedCheck.imageSupervisor] + ExportedCheck(check: check, port: String(port)).probeArguments
        return .object([("command", .array(command.map(StructuredValue.string)))]
            + checkSettings(check, port: port).map { ($0.name, .int($0.written)) })
    }

    /// The container's hard `memory` limit in MiB for a capped type: the cap rounded down, and
    /// never above the task's `--memory` (ECS refuses that; `ExportWarnings.ecs` says so).
    static func containerMemory(_ settings: ExportSettings, _ role: ProcessRole) -> Int? {
        settings.policy(for: role.type.name).memoryMax.map { min($0 >> 20, settings.memory) }
    }

    /// Caps ECS cannot take: below `minimumContainerMemory`.
    static func problems(_ plan: ExportPlan) -> [String] {
        plan.roles.compactMap { role in
            guard let cap = plan.settings.policy(for: role.type.name).memoryMax, cap < minimumContainerMemory << 20 else { return nil }
            return "ecs: \(role.type.name)'s --memory-max \(MemorySize.text(cap)) is below the \(minimumContainerMemory) MiB ECS gives a container at least; raise it to \(minimumContainerMemory)M or more"
        }
    }
}
