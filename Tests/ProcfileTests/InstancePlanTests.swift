import Procfile
import Testing

@Suite("Instances and ports")
struct InstancePlanTests {
    @Test func foremanPortsForWebTwoWorkerThree() throws {
        let procfile = try ProcfileParser.parse("web: ./web\nworker: ./work\n")
        let formation = try Formation.parse("web=2,worker=3", knownTypes: procfile.names)
        let instances = try InstancePlan.make(procfile: procfile, counts: { formation.count(for: $0.name) }, basePort: 5000)
        #expect(instances == [
            Instance(name: "web.1", type: "web", number: 1, port: 5000, command: "./web"),
            Instance(name: "web.2", type: "web", number: 2, port: 5001, command: "./web"),
            Instance(name: "worker.1", type: "worker", number: 1, port: 5100, command: "./work"),
            Instance(name: "worker.2", type: "worker", number: 2, port: 5101, command: "./work"),
            Instance(name: "worker.3", type: "worker", number: 3, port: 5102, command: "./work"),
        ])
    }

    @Test func disabledTypesStillCountForPortOffsets() throws {
        let procfile = try ProcfileParser.parse("web: a\nworker: b\nclock: c\n")
        let formation = try Formation.parse("web=0,worker=0", knownTypes: procfile.names)
        let instances = try InstancePlan.make(procfile: procfile, counts: { formation.count(for: $0.name) }, basePort: 3000)
        #expect(instances == [Instance(name: "clock.1", type: "clock", number: 1, port: 3200, command: "c")])
    }

    @Test func defaultFormationRunsOneOfEach() throws {
        let procfile = try ProcfileParser.parse("a: 1\nb: 2\n")
        let instances = try InstancePlan.make(procfile: procfile, counts: { Formation().count(for: $0.name) }, basePort: 8000)
        #expect(instances.map(\.name) == ["a.1", "b.1"])
        #expect(instances.map(\.port) == [8000, 8100])
    }

    @Test func negativeCountsRunNothing() throws {
        let procfile = try ProcfileParser.parse("a: 1\nb: 2\n")
        let instances = try InstancePlan.make(procfile: procfile, counts: { $0.name == "a" ? -2 : 1 }, basePort: 5000)
        #expect(instances.map(\.name) == ["b.1"])
        #expect(instances.map(\.port) == [5100])
    }
}
