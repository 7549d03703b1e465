/// Expands a Procfile and per-type counts into the instances to run, with foreman's ports.
public enum InstancePlan {
    /// The instances for each type in Procfile order, numbered from 1.
    ///
    /// The `i`-th instance of the type at Procfile index `t` (counting every type, even those
    /// with count 0) gets `PORT = basePort + 100 * t + (i - 1)`. Negative counts mean 0.
    public static func make(procfile: Procfile, counts: (ProcessType) -> Int, basePort: Int) -> [Instance] {
        var instances: [Instance] = []
        for (typeIndex, type) in procfile.processTypes.enumerated() {
            let count = counts(type)
            guard count > 0 else { continue }
            for number in 1...count {
                instances.append(Instance(
                    name: "\(type.name).\(number)",
                    type: type.name,
                    number: number,
                    port: basePort + 100 * typeIndex + (number - 1),
                    command: type.command))
            }
        }
        return instances
    }
}
