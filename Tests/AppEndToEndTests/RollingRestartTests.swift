import AppTestSupport
import Foundation
import Testing

/// Zero downtime, measured by a load generator nobody here wrote: wrk holds 32 keep-alive
/// connections on `/` and 32 on embedded `/hello` while `supervisor restart web` rolls the web
/// instances ten times; web adopts the supervisor's socket (`--socket web`) and says READY=1
/// through libsystemd (`--ready web=notify`).
@Suite("Rolling restarts under load", .serialized)
struct RollingRestartTests {
    static let rolls = 10

    /// What wrk counted: requests, and failures (non-2xx, connect/read/write errors, timeouts).
    struct Load {
        let requests: Int
        let failures: Int
        let report: String

        init(_ report: String) {
            self.report = report
            requests = Self.number(in: report, after: "", before: " requests in") ?? 0
            let non2xx = Self.number(in: report, after: "Non-2xx or 3xx responses: ", before: "\n") ?? 0
            var socket = 0
            if let line = report.split(separator: "\n").first(where: { $0.contains("Socket errors:") }) {
                socket = line.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }.reduce(0, +)
            }
            failures = non2xx + socket
        }

        static func number(in text: String, after prefix: String, before suffix: String) -> Int? {
            for line in text.split(separator: "\n") {
                guard let end = line.range(of: suffix), let start = prefix.isEmpty ? line.startIndex : line.range(of: prefix)?.upperBound else { continue }
                if let value = Int(line[start..<end.lowerBound].trimmingCharacters(in: .whitespaces)) { return value }
            }
            return nil
        }
    }

    @Test("with --socket web, ten rolling restarts of web=1 and of web=2 under 32 connections on / and /hello fail no request", arguments: [1, 2])
    func noFailedRequest(instances: Int) async throws {
        guard let wrk = Self.wrk else {
            print("RollingRestartTests: skipped, wrk is not installed (scripts/test.sh installs it)")
            return
        }
        let formation = try Formation(extra: ["HOST": "127.0.0.1", "LOG_LEVEL": "warning"])
        defer { formation.workspace.remove() }
        #expect(try await formation.run(["provision"]).status == 0)
        let supervisor = try formation.start(["-m", "web=\(instances)", "--socket", "web", "--ready", "web=notify", "web"])
        defer { if supervisor.process.isRunning { supervisor.signal(SIGKILL) } }
        #expect(await supervisor.waitFor("instance\(instances == 1 ? " is" : "s are") ready", seconds: 60), "\(supervisor.output)")

        // wrk prints its figures when SIGINT stops it; the test runner's threads block SIGINT and
        // a spawned child inherits that mask, so python3 clears it before exec'ing wrk.
        let unblocked = "import os, signal, sys; signal.pthread_sigmask(signal.SIG_SETMASK, []); os.execv(sys.argv[1], sys.argv[1:])"
        let loads = try ["/", "/hello"].map { path in
            try ChildProcess(
                "/usr/bin/python3", ["-c", unblocked, wrk, "-t1", "-c32", "-d300s", "--timeout", "10s", "\(formation.web(0))\(path)"],
                directory: formation.workspace.path, environment: formation.environment)
        }
        try await Task.sleep(for: .seconds(1))
        for roll in 1...Self.rolls {
            let restart = try await ChildProcess.run(BuiltBinaries.path("supervisor"), ["restart", "web"], directory: formation.workspace.path, environment: formation.environment)
            #expect(restart.status == 0, "roll \(roll): \(restart.output) \(restart.error)")
            #expect(restart.output.contains("restarted in"), "roll \(roll): \(restart.output)")
        }
        try await Task.sleep(for: .milliseconds(500))
        for load in loads { load.signal(SIGINT) }
        var results: [Load] = []
        for load in loads {
            _ = await load.waitForExit(seconds: 20)
            results.append(Load(load.output))
        }
        #expect(supervisor.output.components(separatedBy: "takes over").count - 1 == Self.rolls * instances, "\(supervisor.output)")
        for result in results {
            // Load went on through the rolls: on average every connection was answered once a roll.
            // Not a speed figure: on a loaded CI host /hello ran at under 100 req/s here (892 in 9 s).
            #expect(result.requests >= 32 * Self.rolls, "\(result.report)")
            #expect(result.failures == 0, "\(result.report)")
        }
        supervisor.signal(SIGTERM)
        #expect(await supervisor.waitForExit(seconds: 30) == 0)
    }

    static let wrk: String? = ["/usr/bin/wrk", "/usr/local/bin/wrk"].first { FileManager.default.isExecutableFile(atPath: $0) }
}
