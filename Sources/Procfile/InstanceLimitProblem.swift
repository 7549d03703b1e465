/// A count the formation cannot run, found by ``InstancePlan/limitProblems(procfile:counts:basePort:)``
/// before any instance is built. Its `description` is one line that names the type, the count
/// and the limit, and says how to fix it.
public enum InstanceLimitProblem: Sendable, Equatable, CustomStringConvertible {
    /// More instances of `type` than ``InstancePlan/maximumInstances``.
    case aboveCeiling(type: String, count: Int)
    /// Instances of `type` whose ports would pass 65535: `limit` fit from `firstPort`.
    case pastLastPort(type: String, count: Int, firstPort: Int, limit: Int)
    /// Instances of `type` whose ports would reach `nextPort`, the first port of `next` (the
    /// next type in Procfile order that runs): `limit` fit below it.
    case intoNextType(type: String, count: Int, next: String, nextPort: Int, limit: Int)
    /// More than ``InstancePlan/maximumInstances`` in all, every type being within its own
    /// limit; `counts` is the formation, e.g. `web=6000,worker=6000`.
    case totalAboveCeiling(total: Int, counts: String)

    /// The type the problem is about (nil for the formation's total).
    public var type: String? {
        switch self {
        case .aboveCeiling(let type, _), .pastLastPort(let type, _, _, _), .intoNextType(let type, _, _, _, _): type
        case .totalAboveCeiling: nil
        }
    }

    /// The most instances allowed: of ``type``, or in all.
    public var limit: Int {
        switch self {
        case .aboveCeiling, .totalAboveCeiling: InstancePlan.maximumInstances
        case .pastLastPort(_, _, _, let limit), .intoNextType(_, _, _, _, let limit): limit
        }
    }

    /// One line: what, the limit and the fix.
    public var description: String {
        switch self {
        case .aboveCeiling(let type, let count):
            "\(type)=\(count): above the limit of \(limit) instances in a formation; give \(type) at most \(limit)"
        case .pastLastPort(let type, let count, let firstPort, 0):
            "\(type)=\(count): \(type).1 would get port \(firstPort), above \(InstancePlan.lastPort); "
                + "start with a lower base port (-p/--port or PORT) or run no \(type) (\(type)=0)"
        case .pastLastPort(let type, let count, let firstPort, let limit):
            "\(type)=\(count): \(type).\(limit + 1) would get port \(firstPort + limit), above \(InstancePlan.lastPort): "
                + "at most \(limit) \(type) instances fit from port \(firstPort); "
                + "give \(type) at most \(limit) or start with a lower base port (-p/--port or PORT)"
        case .intoNextType(let type, let count, let next, let nextPort, let limit):
            "\(type)=\(count): \(type).\(limit + 1) would get port \(nextPort), the port of \(next).1: "
                + "at most \(limit) \(type) instances while \(next) runs (each type's ports start \(InstancePlan.portStride) above the previous type's); "
                + "give \(type) at most \(limit) or run no \(next) (\(next)=0)"
        case .totalAboveCeiling(let total, let counts):
            "the formation would run \(total) instances (\(counts)), above the limit of \(limit) in all; lower the counts"
        }
    }
}
