import PeerSupport
import Foundation
import Testing

@Suite("supervisor check", .ownThread)
struct CheckTests {
    @Test("--json lists processes, instances with ports, and env keys without values")
    func json() async throws {
        let workspace = try Workspace(
            procfile: "web: ./web --flag \"quoted\"\nbackup-job: ./backup\n",
            files: [".env": "SECRET=hunter2\nFORMATION=web=2,backup-job=0\nPORT=6000\n"])
        let supervisor = try RunningSupervisor(["check", "--json"], in: workspace)
        #expect(await supervisor.waitForExit() == 0)
        let expected = #"{"processes":[{"name":"web","command":"./web --flag \"quoted\"","instances":[{"name":"web.1","port":6000},{"name":"web.2","port":6001}],"policy":{"restart":"never","stop_signal":"SIGTERM","grace_period_seconds":5,"after":[]}},{"name":"backup-job","command":"./backup","instances":[],"policy":{"restart":"never","stop_signal":"SIGTERM","grace_period_seconds":5,"after":[]}}],"env_keys":["FORMATION","PORT","SECRET"]}"#
        #expect(supervisor.output == expected + "\n")
        #expect(!supervisor.output.contains("hunter2"))
    }

    @Test("the text form shows types, instance counts, ports and commands")
    func text() async throws {
        let workspace = try Workspace(procfile: "web: ./web\nworker: ./worker\n")
        let supervisor = try RunningSupervisor(["check", "-m", "web=2,worker=3", "-p", "7000"], in: workspace)
        #expect(await supervisor.waitForExit() == 0)
        #expect(supervisor.lines.contains("  web      2          7000-7001    ./web"))
        #expect(supervisor.lines.contains("  worker   3          7100-7102    ./worker"))
        #expect(supervisor.lines.contains("instances: web.1:7000 web.2:7001 worker.1:7100 worker.2:7101 worker.3:7102"))
    }

    @Test("every problem is listed, with file, line and column, and the exit status is 78")
    func everyProblem() async throws {
        let workspace = try Workspace(
            procfile: "web: ./web\nthis is not a process\nweb: again\nworker:\n",
            files: [".env": "GOOD=1\n1BAD=2\nQUOTE=\"unterminated\n"])
        let supervisor = try RunningSupervisor(["check", "-m", "wbe=2", "-p", "99999"], in: workspace)
        #expect(await supervisor.waitForExit() == 78)
        let errors = supervisor.errorOutput
        #expect(errors.contains("Procfile:2:1:"))
        #expect(errors.contains("Procfile:3:1:") && errors.contains("line 1"))
        #expect(errors.contains("Procfile:4:"))
        #expect(errors.contains(".env:2:1:"))
        #expect(errors.contains(".env:3:7:"))
        #expect(errors.contains("--port"))
    }

    @Test("ports above 65535 are refused, naming the instance")
    func portOverflow() async throws {
        let workspace = try Workspace(procfile: "web: ./web\nworker: ./worker\n")
        let supervisor = try RunningSupervisor(["check", "-p", "65500", "-m", "web=1,worker=1"], in: workspace)
        #expect(await supervisor.waitForExit() == 78)
        #expect(supervisor.errorOutput.contains("worker.1 would get port 65600, above 65535"))
    }

    @Test("an unknown formation name lists the known types")
    func unknownFormationType() async throws {
        let workspace = try Workspace(procfile: "web: ./web\nworker: ./worker\n")
        let supervisor = try RunningSupervisor(["check", "-m", "wbe=2"], in: workspace)
        #expect(await supervisor.waitForExit() == 78)
        #expect(supervisor.errorOutput.contains("unknown process type 'wbe'"))
        #expect(supervisor.errorOutput.contains("web, worker"))
    }

    @Test("start refuses an unknown type on the command line and a missing Procfile, with how to fix it")
    func startErrors() async throws {
        let workspace = try Workspace(procfile: "web: ./web\n")
        let unknown = try RunningSupervisor(["start", "wbe"], in: workspace)
        #expect(await unknown.waitForExit() == 78)
        #expect(unknown.errorOutput.contains("unknown process type 'wbe'"))
        let missing = try RunningSupervisor(["start", "-f", "Nope"], in: workspace)
        #expect(await missing.waitForExit() == 78)
        #expect(missing.errorOutput.contains("Nope"))
        #expect(missing.errorOutput.contains("No such file or directory"))
        #expect(missing.errorOutput.contains("-f/--procfile"))
    }
}

extension CheckTests {
    @Test("each type's health check and memory cap: a table when some type has one, and check/memory_max in --json")
    func checksAndCaps() async throws {
        let workspace = try Workspace(procfile: "web: ./web\nworker: ./worker\nreport: ./report\n", files: [".env": "FORMATION=web=1,worker=1,report=0\n"])
        let options = ["--check", "web=http:/health", "--check-interval", "web=5", "--memory-max", "worker=256M", "--schedule", "report=0 6 * * *"]
        let text = try RunningSupervisor(["check"] + options, in: workspace)
        #expect(await text.waitForExit() == 0)
        #expect(text.lines.contains("  process  memory max  schedule   check"), "\(text.output)")
        #expect(text.lines.contains("  web      -           -          http:/health every 5s, timeout 1s, 3 failures"))
        #expect(text.lines.contains("  worker   256M        -          -"))
        #expect(text.lines.contains("  report   -           0 6 * * *  -"))
        let json = try RunningSupervisor(["check", "--json"] + options, in: workspace)
        #expect(await json.waitForExit() == 0)
        #expect(json.output.contains(#""after":[],"check":{"probe":"http:/health","kind":"http","interval_seconds":5,"timeout_seconds":1,"failure_threshold":3,"initial_delay_seconds":0,"description":"http:/health every 5s, timeout 1s, 3 failures"}}"#), "\(json.output)")
        #expect(json.output.contains(#""name":"worker","command":"./worker","instances":[{"name":"worker.1","port":5100}],"policy":{"restart":"never","stop_signal":"SIGTERM","grace_period_seconds":5,"after":[],"memory_max":268435456}}"#))
        #expect(json.output.contains(#""after":[],"schedule":"0 6 * * *"}}"#), "\(json.output)")
        let plain = try RunningSupervisor(["check"], in: workspace)
        #expect(await plain.waitForExit() == 0)
        #expect(!plain.output.contains("memory max"), "no table when no type has a check or a cap")
    }
}
