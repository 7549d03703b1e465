import Testing

@testable import supervisor

/// Dependencies as values: the release rule, blockers, start and stop order, and every problem
/// of a graph at once.
@Suite("Dependencies")
struct DependenciesTests {
    static let types = ["release", "web", "worker", "clock"]
    static let policy = FormationPolicy(afterByType: ["worker": [Dependency(type: "web", condition: .ready)]])

    @Test("DEP:CONDITION parses; anything else does not", arguments: [
        ("web:ready", Dependency(type: "web", condition: .ready)),
        (" release : succeeded ", Dependency(type: "release", condition: .succeeded)),
        ("db:started", Dependency(type: "db", condition: .started)),
        ("job:exited", Dependency(type: "job", condition: .exited)),
        ("web", nil), ("web:healthy", nil), (":ready", nil), ("web:", nil),
    ] as [(String, Dependency?)])
    func parse(text: String, expected: Dependency?) {
        #expect(Dependency(text) == expected)
    }

    @Test("the release rule: every other type waits for release:succeeded while release runs", arguments: [
        ("web", ["release", "web", "worker"], ["release:succeeded"]),
        ("worker", ["release", "web", "worker"], ["release:succeeded", "web:ready"]),
        ("release", ["release", "web", "worker"], []),
        ("worker", ["web", "worker"], ["web:ready"]),
        ("web", ["web"], []),
    ])
    func releaseRule(type: String, running: [String], expected: [String]) {
        #expect(Self.policy.dependencies(of: type, running: Set(running)).map(\.description) == expected)
    }

    @Test("a type that names release itself keeps its own condition")
    func ownReleaseCondition() {
        let policy = FormationPolicy(afterByType: ["web": [Dependency(type: "release", condition: .exited)]])
        #expect(policy.dependencies(of: "web", running: ["release", "web"]).map(\.description) == ["release:exited"])
    }

    @Test("release is a one-shot unless given a restart policy of its own")
    func releaseRestart() {
        let policy = FormationPolicy(defaults: TypePolicy(restart: .always))
        #expect(policy.policy(for: "release").restart == .never)
        #expect(policy.hasOwnRestart("release"))
        #expect(FormationPolicy(defaults: TypePolicy(restart: .always), restartByType: ["release": .onFailure]).policy(for: "release").restart == .onFailure)
        #expect(policy.policy(for: "web").restart == .always)
    }

    @Test("start order puts dependees first, otherwise Procfile order; stop order is its reverse")
    func order() {
        let graph = Dependencies(policy: Self.policy, types: ["worker", "clock", "web", "release"])
        #expect(graph.startOrder == ["release", "clock", "web", "worker"])
        #expect(graph.stopOrder == ["worker", "web", "clock", "release"])
        #expect(graph.dependents(of: "web") == ["worker"])
        #expect(graph.dependents(of: "release") == ["worker", "clock", "web"])
    }

    @Test("blockers: the dependencies not satisfied yet")
    func blockers() {
        let graph = Dependencies(policy: Self.policy, types: Self.types)
        #expect(graph.blockers(of: "worker") { _ in false }.map(\.description) == ["release:succeeded", "web:ready"])
        #expect(graph.blockers(of: "worker") { $0.type == "release" }.map(\.description) == ["web:ready"])
        #expect(graph.blockers(of: "release") { _ in false }.isEmpty)
    }

    @Test("validate: cycles, unknown types and a dependency on a type without instances, all at once")
    func everyProblem() {
        let policy = FormationPolicy(afterByType: [
            "web": [Dependency(type: "worker", condition: .started)],
            "worker": [Dependency(type: "web", condition: .ready), Dependency(type: "db", condition: .ready)],
            "clock": [Dependency(type: "clock", condition: .started), Dependency(type: "release", condition: .succeeded)],
            "nope": [Dependency(type: "web", condition: .ready)],
        ])
        #expect(policy.validate(knownTypes: Self.types, running: ["web", "worker", "clock"]) == [
            .unknownType("nope", setting: .after),
            .unknownDependency(Dependency(type: "db", condition: .ready), type: "worker"),
            .disabledDependency(Dependency(type: "release", condition: .succeeded), type: "clock"),
            .cycle(["web", "worker", "web"]),
            .cycle(["clock", "clock"]),
        ])
        #expect(Self.policy.validate(knownTypes: Self.types) == [])
    }
}
