import Procfile
import Testing

/// Three types, so ports start at base, base + 100 and base + 200.
private let threeTypes = "web: a\nworker: b\nclock: c\n"

@Suite("Instance limits: counts checked against the ports and the ceiling before expansion")
struct InstanceLimitTests {
    typealias Row = (counts: [String: Int], basePort: Int, problems: [InstanceLimitProblem])

    static let table: [Row] = [
        // Nothing past a bound.
        (["web": 2, "worker": 1, "clock": 1], 5000, []),
        (["web": 100, "worker": 1, "clock": 1], 5000, []),
        (["web": 200, "worker": 0, "clock": 1], 5000, []),
        (["web": 10_000, "worker": 0, "clock": 0], 5000, []),
        (["web": 536, "worker": 0, "clock": 0], 65000, []),
        (["web": 1, "worker": 0, "clock": 0], 65535, []),
        (["web": -5, "worker": -1, "clock": 1], 5000, []),
        (["web": 100, "worker": 100, "clock": 9800], 5000, []),
        // The ceiling, with nothing after the type: it binds before the port range.
        (["web": 2_000_000_000, "worker": 0, "clock": 0], 5000, [.aboveCeiling(type: "web", count: 2_000_000_000)]),
        (["web": Int.max, "worker": 0, "clock": 0], 5000, [.aboveCeiling(type: "web", count: Int.max)]),
        (["web": 0, "worker": 0, "clock": 10_001], 1, [.aboveCeiling(type: "clock", count: 10_001)]),
        // The next running type's ports: 100 per type between them.
        (["web": 2_000_000_000, "worker": 1, "clock": 1], 5000,
         [.intoNextType(type: "web", count: 2_000_000_000, next: "worker", nextPort: 5100, limit: 100)]),
        (["web": 101, "worker": 1, "clock": 1], 5000,
         [.intoNextType(type: "web", count: 101, next: "worker", nextPort: 5100, limit: 100)]),
        (["web": 201, "worker": 0, "clock": 1], 5000,
         [.intoNextType(type: "web", count: 201, next: "clock", nextPort: 5200, limit: 200)]),
        (["web": 1, "worker": 101, "clock": 1], 3000,
         [.intoNextType(type: "worker", count: 101, next: "clock", nextPort: 3200, limit: 100)]),
        // The port range above the base.
        (["web": 537, "worker": 0, "clock": 0], 65000, [.pastLastPort(type: "web", count: 537, firstPort: 65000, limit: 536)]),
        (["web": 2, "worker": 0, "clock": 0], 65535, [.pastLastPort(type: "web", count: 2, firstPort: 65535, limit: 1)]),
        (["web": 1, "worker": 1, "clock": 1], 65500, [
            .pastLastPort(type: "worker", count: 1, firstPort: 65600, limit: 0),
            .pastLastPort(type: "clock", count: 1, firstPort: 65700, limit: 0),
        ]),
        (["web": 40, "worker": 0, "clock": 0], 65500, [.pastLastPort(type: "web", count: 40, firstPort: 65500, limit: 36)]),
        // The formation's total, once every type is within its own limit (one line for a huge count).
        (["web": 100, "worker": 100, "clock": 9801], 5000, [.totalAboveCeiling(total: 10001, counts: "web=100,worker=100,clock=9801")]),
        (["web": 0, "worker": 10_000, "clock": 0], 5000, []),
        (["web": 200, "worker": 0, "clock": 9_801], 1000, [.totalAboveCeiling(total: 10001, counts: "web=200,clock=9801")]),
        (["web": Int.max, "worker": 0, "clock": 9900], 5000,
         [.intoNextType(type: "web", count: Int.max, next: "clock", nextPort: 5200, limit: 200)]),
        (["web": 2, "worker": 2_000_000_000, "clock": 0], 5000, [.aboveCeiling(type: "worker", count: 2_000_000_000)]),
    ]

    @Test(arguments: table)
    func limits(row: Row) throws {
        let procfile = try ProcfileParser.parse(threeTypes)
        let counts = { (type: ProcessType) in row.counts[type.name] ?? 0 }
        #expect(InstancePlan.limitProblems(procfile: procfile, counts: counts, basePort: row.basePort) == row.problems)
        do {
            let instances = try InstancePlan.make(procfile: procfile, counts: counts, basePort: row.basePort)
            #expect(row.problems.isEmpty)
            #expect(instances.count == row.counts.values.reduce(0) { $0 + max(0, $1) })
            #expect(instances.allSatisfy { $0.port <= InstancePlan.lastPort })
            #expect(Set(instances.map(\.port)).count == instances.count, "no two instances share a port")
        } catch {
            #expect(error.problems == row.problems)
        }
    }

    @Test func eachProblemIsOneLineNamingTheTypeCountAndLimit() {
        let problems: [InstanceLimitProblem] = [
            .aboveCeiling(type: "web", count: 2_000_000_000),
            .pastLastPort(type: "web", count: 537, firstPort: 65000, limit: 536),
            .pastLastPort(type: "worker", count: 1, firstPort: 65600, limit: 0),
            .intoNextType(type: "web", count: 101, next: "worker", nextPort: 5100, limit: 100),
        ]
        for problem in problems {
            let line = problem.description
            #expect(!line.contains("\n"))
            #expect(problem.type.map { line.hasPrefix("\($0)=") } == true, "\(line)")
        }
        #expect(problems[0].description
            == "web=2000000000: above the limit of 10000 instances in a formation; give web at most 10000")
        #expect(problems[1].description
            == "web=537: web.537 would get port 65536, above 65535: at most 536 web instances fit from port 65000; give web at most 536 or start with a lower base port (-p/--port or PORT)")
        #expect(problems[2].description
            == "worker=1: worker.1 would get port 65600, above 65535; start with a lower base port (-p/--port or PORT) or run no worker (worker=0)")
        #expect(problems[3].description
            == "web=101: web.101 would get port 5100, the port of worker.1: at most 100 web instances while worker runs (each type's ports start 100 above the previous type's); give web at most 100 or run no worker (worker=0)")
        let total = InstanceLimitProblem.totalAboveCeiling(total: 10001, counts: "web=100,worker=100,clock=9801")
        #expect(total.type == nil && total.limit == 10000)
        #expect(total.description
            == "the formation would run 10001 instances (web=100,worker=100,clock=9801), above the limit of 10000 in all; lower the counts")
    }

    @Test func countsAreAskedOncePerType() throws {
        let procfile = try ProcfileParser.parse(threeTypes)
        var asked: [String] = []
        _ = try InstancePlan.make(procfile: procfile, counts: { asked.append($0.name); return 1 }, basePort: 5000)
        #expect(asked == ["web", "worker", "clock"])
    }
}
