import Foundation
import Testing

extension JournaldTests {
    @Test("--journald-direct: children write to journald stream sockets; priorities and <N> prefixes kept")
    func direct() throws {
        let type = Journal.uniqueName("d")
        let workspace = try Workspace(procfile: "\(type): echo to-out; echo to-err >&2; echo '<5>noticed'\n")
        let supervisor = try RunningSupervisor(["start", "--log-sink", "journald", "--journald-direct"], in: workspace)
        #expect(supervisor.waitForExit() == 0)
        let entries = try Journal.entries(["SYSLOG_IDENTIFIER=\(type)"]) { $0.count >= 3 }
        #expect(entries.count == 3)
        #expect(entries.allSatisfy { $0["_TRANSPORT"] == "stdout" && $0["PROCESS_INSTANCE"] == nil })
        #expect(entries.first { $0.message == "to-out" }?["PRIORITY"] == "6")
        #expect(entries.first { $0.message == "to-err" }?["PRIORITY"] == "3")
        #expect(entries.first { $0.message == "noticed" }?["PRIORITY"] == "5")
        // The supervisor's own events still go through the native protocol.
        let spawned = try Journal.entries(["MESSAGE_ID=\(Self.spawned)", "PROCESS_TYPE=\(type)"])
        #expect(spawned.count == 1 && spawned.first?["_TRANSPORT"] == "journal")
    }

    @Test("--log-sink both writes to the terminal and to the journal")
    func both() throws {
        let tag = Journal.uniqueName("both")
        let workspace = try Workspace(procfile: "web: echo twice\n")
        let supervisor = try RunningSupervisor(["start", "--log-sink", "both", "--identifier", tag, "--no-timestamps", "--no-color"], in: workspace)
        #expect(supervisor.waitForExit() == 0)
        #expect(supervisor.lines.contains("web.1      | twice"))
        #expect(try Journal.entries(["SYSLOG_IDENTIFIER=\(tag)", "MESSAGE=twice"]).count == 1)
    }

    @Test("auto: journald when JOURNAL_STREAM names our stdout or SUPERVISOR_LOG_SINK=journald, else the terminal")
    func auto() throws {
        let tag = Journal.uniqueName("auto")
        let workspace = try Workspace(procfile: "web: echo \"line $SUPERVISOR_CASE\"\n")
        // The shell opens stdout.txt first, then names it (or not) in JOURNAL_STREAM, as systemd does.
        let cases: [(name: String, environment: String, toJournal: Bool)] = [
            ("stream", "JOURNAL_STREAM=$(stat -c %d:%i stdout.txt)", true),
            ("other", "JOURNAL_STREAM=$(stat -c %d stdout.txt):1", false),
            ("env", "JOURNAL_STREAM= SUPERVISOR_LOG_SINK=journald", true),
            ("none", "JOURNAL_STREAM= SUPERVISOR_LOG_SINK=", false),
        ]
        for (name, environment, toJournal) in cases {
            let command = "exec >stdout.txt; SUPERVISOR_CASE=\(name) \(environment) exec '\(SupervisorBinary.path)' start --identifier \(tag) --no-timestamps --no-color"
            let result = try Shell.runWithStatus(command, directory: workspace.path)
            #expect(result.status == 0, "case \(name)")
            let terminal = try workspace.read("stdout.txt")
            #expect(terminal.contains("line \(name)") == !toJournal, "case \(name): \(terminal)")
        }
        let journal = try Journal.entries(["SYSLOG_IDENTIFIER=\(tag)", "STREAM=stdout"]) { $0.count >= 2 }
        #expect(Set(journal.map(\.message)) == ["line stream", "line env"])
    }

    @Test("journald absent: one clear warning on stderr, every line on the terminal")
    func fallback() throws {
        let workspace = try Workspace(procfile: "web: echo still-here; echo and-this >&2\n")
        // A private mount namespace where /run/systemd is empty: the real path, with no journald.
        let command = "unshare -m sh -c 'mount -t tmpfs none /run/systemd && exec \"$0\" start --log-sink journald --no-timestamps --no-color' \(SupervisorBinary.path)"
        let result = try Shell.runCapturingStderr(command, directory: workspace.path)
        #expect(result.status == 0)
        #expect(result.output.contains("web.1      | still-here"))
        #expect(result.output.contains("web.1      ! and-this"))
        let warnings = result.error.split(separator: "\n").filter { $0.contains("journald") }
        #expect(warnings == ["supervisor: journald is not running here (/run/systemd/journal/socket does not exist): writing to the terminal instead"])
    }
}
