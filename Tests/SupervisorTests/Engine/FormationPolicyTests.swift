import Glibc
import Testing

@testable import supervisor

/// The per-type policy as values: defaults, overrides setting by setting, every problem at once.
@Suite("Formation policy")
struct FormationPolicyTests {
    static let policy = FormationPolicy(
        defaults: TypePolicy(restart: .never, stopSignal: SIGTERM, gracePeriod: 5000),
        restartByType: ["clock": .always, "release": .never],
        stopSignalByType: ["worker": SIGQUIT],
        gracePeriodByType: ["worker": 30_000])

    @Test("each type's policy: its own settings win one by one, the rest is the default", arguments: [
        ("web", TypePolicy(restart: .never, stopSignal: SIGTERM, gracePeriod: 5000)),
        ("worker", TypePolicy(restart: .never, stopSignal: SIGQUIT, gracePeriod: 30_000)),
        ("clock", TypePolicy(restart: .always, stopSignal: SIGTERM, gracePeriod: 5000)),
        ("release", TypePolicy(restart: .never, stopSignal: SIGTERM, gracePeriod: 5000)),
    ])
    func effective(type: String, expected: TypePolicy) {
        #expect(Self.policy.policy(for: type) == expected)
    }

    @Test("a type's own never is told apart from the default never")
    func ownRestart() {
        #expect(Self.policy.hasOwnRestart("release"))
        #expect(!Self.policy.hasOwnRestart("web"))
    }

    @Test("validate: a valid policy has no problem", arguments: [["web", "worker", "clock", "release"]])
    func valid(types: [String]) {
        #expect(Self.policy.validate(knownTypes: types) == [])
    }

    @Test("validate: unknown types, uncatchable signals and grace periods out of range, all at once")
    func everyProblem() {
        let policy = FormationPolicy(
            defaults: TypePolicy(restart: .never, stopSignal: SIGKILL, gracePeriod: -1),
            restartByType: ["nope": .always],
            stopSignalByType: ["web": SIGSTOP, "gone": SIGQUIT, "odd": 65],
            gracePeriodByType: ["web": 86_400_001])
        #expect(policy.validate(knownTypes: ["web", "odd"]) == [
            .unknownType("nope", setting: .restart),
            .unknownType("gone", setting: .stopSignal),
            .badStopSignal(SIGKILL, type: nil),
            .badStopSignal(65, type: "odd"),
            .badStopSignal(SIGSTOP, type: "web"),
            .badGracePeriod(-1, type: nil),
            .badGracePeriod(86_400_001, type: "web"),
        ])
    }
}
