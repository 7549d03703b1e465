import Foundation
import Testing

extension JournaldTests {
    @Test("supervisor run with SUPERVISOR_LOG_SINK=journald: its events go to the journal (spawned, exited), the output stays the process's own")
    func runEvents() async throws {
        let type = Journal.uniqueName("run")
        let workspace = try Workspace(procfile: "\(type): echo \"hello from $PS\"; exit 4\n")
        let supervisor = try RunningSupervisor(["run", type], in: workspace, environment: ["SUPERVISOR_LOG_SINK": "journald"])
        #expect(await supervisor.waitForExit() == 4)
        #expect(supervisor.output == "hello from \(type).run\n", "the process's own output, and nothing else: \(supervisor.output)")
        let entries = try await Journal.entries(["SYSLOG_IDENTIFIER=supervisor", "PROCESS_TYPE=\(type)"]) { $0.count >= 2 }
        let spawned = try #require(entries.first { $0["MESSAGE_ID"] == Self.spawned }, "\(entries.map(\.message))")
        #expect(spawned["PROCESS_INSTANCE"] == "\(type).run")
        let pid = try #require(spawned["PROCESS_PID"])
        let exited = try #require(entries.first { $0["MESSAGE_ID"] == Self.exited }, "\(entries.map(\.message))")
        #expect(exited["PROCESS_PID"] == pid)
        #expect(exited["EXIT_CODE"] == "exited" && exited["EXIT_STATUS"] == "4")
        #expect(exited["PROCESS_INSTANCE"] == "\(type).run")
    }

    /// What an exported unit gives `supervisor run`: stdout a journal stream that
    /// `JOURNAL_STREAM` names (here through systemd-cat). The unit's `LogExtraFields=` name the
    /// instance, so the events leave PROCESS_TYPE and PROCESS_INSTANCE out (journald would keep
    /// both values of a field given twice).
    @Test("supervisor run on a journal stream (a unit's stdout): its events go to the journal without the instance fields")
    func runEventsUnderUnit() async throws {
        let tag = Journal.uniqueName("unit")
        let workspace = try Workspace(procfile: "job: echo \"parent=$PPID\"\n")
        let command = "cd '\(workspace.url.path)' && systemd-cat -t \(tag) sh -c 'JOURNAL_STREAM=$(stat -L -c %d:%i /proc/$$/fd/1) exec \(SupervisorBinary.path) run job'"
        _ = try await Shell.run(command)
        let lines = try await Journal.entries(["SYSLOG_IDENTIFIER=\(tag)"]) { $0.contains { $0.message.hasPrefix("parent=") } }
        let line = try #require(lines.first { $0.message.hasPrefix("parent=") }, "the job's line: \(lines.map(\.message))")
        let supervisorPID = line.message.dropFirst("parent=".count)
        let events = try await Journal.entries(["SYSLOG_IDENTIFIER=supervisor", "_PID=\(supervisorPID)"]) { $0.count >= 2 }
        let spawned = try #require(events.first { $0["MESSAGE_ID"] == Self.spawned }, "\(events.map(\.message))")
        #expect(spawned["PROCESS_PID"] != nil)
        #expect(events.contains { $0["MESSAGE_ID"] == Self.exited && $0["EXIT_STATUS"] == "0" && $0["PROCESS_PID"] == spawned["PROCESS_PID"] }, "\(events.map(\.message))")
        #expect(events.allSatisfy { $0["PROCESS_INSTANCE"] == nil && $0["PROCESS_TYPE"] == nil }, "\(events.map { $0.fields.keys.sorted() })")
    }
}
