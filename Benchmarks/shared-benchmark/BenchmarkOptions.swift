/// The command line of `shared-benchmark`.
struct BenchmarkOptions {
    var signatures = 200_000
    var endpoint: String?
    var roundTrips = 1_000

    struct Problem: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    static func parse(_ arguments: [String]) throws(Problem) -> BenchmarkOptions {
        var options = BenchmarkOptions()
        var rest = arguments[...]
        while let flag = rest.popFirst() {
            guard let value = rest.popFirst() else { throw Problem("\(flag) needs a value; usage: shared-benchmark [--signatures N] [--endpoint URL --round-trips N]") }
            switch flag {
            case "--signatures": options.signatures = try count(value, flag)
            case "--round-trips": options.roundTrips = try count(value, flag)
            case "--endpoint": options.endpoint = value
            default: throw Problem("unknown option \(flag); usage: shared-benchmark [--signatures N] [--endpoint URL --round-trips N]")
            }
        }
        return options
    }

    private static func count(_ value: String, _ flag: String) throws(Problem) -> Int {
        guard let count = Int(value), count > 0 else { throw Problem("\(flag) takes a positive whole number, got \(value)") }
        return count
    }
}
