/// Expands a Procfile and per-type counts into the instances to run, with foreman's ports,
/// after checking the counts against the formation's bounds (see ``limitProblems(procfile:counts:basePort:)``).
public enum InstancePlan {
    /// The most instances a formation runs, all types together (and so of any one type).
    /// A bound on the supervisor's own work: every instance is a process group, two pipes and
    /// a row in `status`. Counts are checked against it before any instance is built.
    public static let maximumInstances = 10_000

    /// The distance between the first ports of consecutive process types (foreman's rule).
    public static let portStride = 100

    /// The highest port an instance may get.
    public static let lastPort = 65_535

    /// The instances for each type in Procfile order, numbered from 1.
    ///
    /// The `i`-th instance of the type at Procfile index `t` (counting every type, even those
    /// with count 0) gets `PORT = basePort + 100 * t + (i - 1)`. Negative counts mean 0.
    /// `counts` is called once per type.
    ///
    /// - Throws: ``InstanceLimitError`` with every problem ``limitProblems(procfile:counts:basePort:)``
    ///   finds; no instance is built then.
    public static func make(
        procfile: Procfile, counts: (ProcessType) -> Int, basePort: Int
    ) throws(InstanceLimitError) -> [Instance] {
        let counts = procfile.processTypes.map { max(0, counts($0)) }
        let problems = limitProblems(names: procfile.names, counts: counts, basePort: basePort)
        guard problems.isEmpty else { throw InstanceLimitError(problems: problems) }
        var instances: [Instance] = []
        instances.reserveCapacity(counts.reduce(0, +))
        for (typeIndex, type) in procfile.processTypes.enumerated() where counts[typeIndex] > 0 {
            for number in 1...counts[typeIndex] {
                instances.append(Instance(
                    name: "\(type.name).\(number)",
                    type: type.name,
                    number: number,
                    port: basePort + portStride * typeIndex + (number - 1),
                    command: type.command))
            }
        }
        return instances
    }

    /// Every count the formation cannot run, found arithmetically (no instance is built):
    ///
    /// - a type with more than ``maximumInstances``;
    /// - a type whose ports would pass 65535 (its `i`-th instance gets `firstPort + i - 1`);
    /// - a type whose ports would reach those of the next type in Procfile order that runs
    ///   (a count above 0): with the stride of 100, at most 100 instances of a type when the
    ///   type right after it runs, 200 when that one runs none but the one after does, and so
    ///   on; the last type that runs is bounded by 65535 alone;
    /// - a formation of more than ``maximumInstances`` in all.
    ///
    /// Each type gets at most one problem, for the smallest limit it passes; the total is
    /// reported only when every type is within its own limit (so a huge count is one line).
    /// Negative counts mean 0; `counts` is called once per type.
    public static func limitProblems(
        procfile: Procfile, counts: (ProcessType) -> Int, basePort: Int
    ) -> [InstanceLimitProblem] {
        limitProblems(names: procfile.names, counts: procfile.processTypes.map { max(0, counts($0)) }, basePort: basePort)
    }

    private static func limitProblems(names: [String], counts: [Int], basePort: Int) -> [InstanceLimitProblem] {
        var problems: [InstanceLimitProblem] = []
        var total = 0
        for (index, name) in names.enumerated() where counts[index] > 0 {
            let count = counts[index]
            let firstPort = basePort + portStride * index
            var limit = maximumInstances
            var problem = InstanceLimitProblem.aboveCeiling(type: name, count: count)
            let fitting = max(0, lastPort + 1 - firstPort)
            if fitting <= limit {
                limit = fitting
                problem = .pastLastPort(type: name, count: count, firstPort: firstPort, limit: fitting)
            }
            if let next = names.indices.dropFirst(index + 1).first(where: { counts[$0] > 0 }) {
                let below = portStride * (next - index)
                if below <= limit {
                    limit = below
                    problem = .intoNextType(type: name, count: count, next: names[next], nextPort: firstPort + below, limit: below)
                }
            }
            if count > limit { problems.append(problem) }
            total += min(count, limit)
        }
        if problems.isEmpty, total > maximumInstances {
            let running = names.indices.filter { counts[$0] > 0 }.map { "\(names[$0])=\(counts[$0])" }
            problems.append(.totalAboveCeiling(total: total, counts: running.joined(separator: ",")))
        }
        return problems
    }
}
