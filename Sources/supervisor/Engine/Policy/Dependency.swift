/// What a type waits for before its instances start (`--after worker=web:ready`): another type
/// and the condition its instances must meet. Ordering and requirement in one, as ECS's
/// `dependsOn`: the dependent starts once the condition holds, and fails when it cannot hold
/// any more (the dependee exited before it, or gave up).
struct Dependency: Hashable, Sendable, CustomStringConvertible {
    /// When a dependency is satisfied.
    enum Condition: String, CaseIterable, Sendable {
        /// Every instance of the type has been spawned.
        case started
        /// Every instance of the type is ready (its `--ready` mode: notify, port or started).
        case ready
        /// Every instance of the type exited with status 0 (a one-shot, such as `release`).
        case succeeded
        /// Every instance of the type exited, whatever its status.
        case exited
    }

    /// The type depended on.
    var type: String
    var condition: Condition

    /// `web:ready`, as `--after` spells it.
    var description: String { "\(type):\(condition.rawValue)" }

    /// Parses `DEP:CONDITION`; nil when it is not that.
    init?(_ text: String) {
        let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map { String($0).trimmingSpaces }
        guard parts.count == 2, !parts[0].isEmpty, let condition = Condition(rawValue: parts[1]) else { return nil }
        self.init(type: parts[0], condition: condition)
    }

    init(type: String, condition: Condition) {
        self.type = type
        self.condition = condition
    }
}
