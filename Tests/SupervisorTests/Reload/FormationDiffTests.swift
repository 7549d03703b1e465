import Glibc
import Testing

@testable import supervisor

/// `FormationDiff` as a table: definitions and environments in, changes (or problems) out.
@Suite("FormationDiff")
struct FormationDiffTests {
    static func type(
        _ name: String, _ index: Int, command: String = "serve", count: Int = 1, ports: [Int]? = nil, admin: Bool = false,
        policy: TypePolicy = TypePolicy(), readiness: Readiness? = nil
    ) -> TypeDefinition {
        TypeDefinition(
            name: name, typeIndex: index, command: command, count: count,
            ports: ports ?? (0..<count).map { 5000 + 100 * index + $0 }, isAdmin: admin, policy: policy, readiness: readiness)
    }

    static func diff(_ old: [TypeDefinition], _ new: [TypeDefinition], env old1: [String: String] = [:], _ new1: [String: String] = [:],
                     sockets: [String] = [], _ newSockets: [String]? = nil) -> FormationDiff {
        FormationDiff.make(old: old, new: new, oldEnvironment: old1, newEnvironment: new1, oldSockets: sockets, newSockets: newSockets ?? sockets)
    }

    @Test("the same files: no change")
    func nothing() {
        let types = [Self.type("web", 0, count: 2), Self.type("job", 1, count: 0, admin: true)]
        #expect(Self.diff(types, types, env: ["A": "1"], ["A": "1"]).changes.isEmpty)
    }

    @Test("a type added, one removed, a count changed")
    func shape() {
        let old = [Self.type("web", 0, count: 2), Self.type("clock", 1)]
        let new = [Self.type("web", 0, count: 3), Self.type("worker", 1)]
        #expect(Self.diff(old, new).changes == [
            .scaled(type: "web", from: 2, to: 3), .added(type: "worker", count: 1), .removed(type: "clock", count: 1),
        ])
    }

    @Test("a changed command restarts only its type; a changed policy names the option")
    func command() {
        let old = [Self.type("web", 0), Self.type("worker", 1)]
        let new = [Self.type("web", 0, command: "serve --fast"), Self.type("worker", 1, policy: TypePolicy(memoryMax: 1 << 20), readiness: .notify)]
        #expect(Self.diff(old, new).changes == [
            .restarted(type: "web", because: [.command]),
            .restarted(type: "worker", because: [.policy(["--memory-max", "--ready"])]),
        ])
    }

    @Test("an app variable restarts every running type, and an admin type's next run takes it; formation settings are not app variables")
    func environment() {
        let types = [Self.type("web", 0), Self.type("job", 1, count: 0, admin: true)]
        let changes = Self.diff(types, types, env: ["GREETING": "hi", "FORMATION_MEMORY_MAX": "1G", "PORT": "5000"],
                                ["GREETING": "hello", "NEW": "x", "FORMATION_MEMORY_MAX": "2G", "PORT": "5000"]).changes
        #expect(changes == [
            .restarted(type: "web", because: [.environment(["GREETING", "NEW"])]),
            .adminChanged(type: "job", because: [.environment(["GREETING", "NEW"])]),
        ])
        #expect(Self.diff(types, types, env: ["FORMATION_MEMORY_MAX": "1G"], ["FORMATION_MEMORY_MAX": "2G"]).changes.isEmpty)
    }

    @Test("a type scaled to 0 becomes an admin type; an admin type scaled up runs (its job takes no runs then)")
    func roles() {
        let old = [Self.type("web", 0, count: 2), Self.type("job", 1, count: 0, admin: true)]
        let new = [Self.type("web", 0, count: 0, admin: true), Self.type("job", 1, count: 1)]
        #expect(Self.diff(old, new).changes == [
            .scaled(type: "web", from: 2, to: 0), .adminAdded(type: "web"),
            .scaled(type: "job", from: 0, to: 1),
        ])
    }

    @Test("a shared socket cannot move or appear: problems, named")
    func sockets() {
        let old = [Self.type("web", 0, count: 2, ports: [5000, 5000])]
        let moved = [Self.type("web", 1, count: 2, ports: [5100, 5100]), Self.type("first", 0)]
        let problems = Self.diff(old, moved, sockets: ["web"]).problems
        #expect(problems.count == 1)
        #expect(problems.first?.contains("bound to port 5000; the files now give it 5100") == true)
        let added = Self.diff(old, old, sockets: ["web"], ["web", "api"]).problems
        #expect(added.first?.contains("from web to api,web") == true)
    }

    @Test("a type's ports moved (PORT changed) restart it; new instances need no reason")
    func ports() {
        let old = [Self.type("web", 0, count: 1)]
        let new = [Self.type("web", 0, count: 2, ports: [6000, 6001])]
        #expect(Self.diff(old, new).changes == [.scaled(type: "web", from: 1, to: 2), .restarted(type: "web", because: [.ports])])
    }

    @Test("the plan's words name the type, what happens and why")
    func words() {
        #expect(FormationChange.restarted(type: "web", because: [.command, .environment(["A"])]).description
            == "web: restarting each instance in turn (command; environment: A changed)")
        #expect(FormationChange.added(type: "worker", count: 2).description == "worker: new, starting 2 instances")
    }
}
