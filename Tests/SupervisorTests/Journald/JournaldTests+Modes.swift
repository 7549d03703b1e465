import Foundation
import JournaldTestSupport
import Testing

extension JournaldTests {
    @Test("--journald-direct (journald implied): children write to journald stream sockets; priorities and <N> prefixes kept")
    func direct() async throws {
        let type = Journal.uniqueName("d")
        let workspace = try Workspace(procfile: "\(type): echo to-out; echo to-err >&2; echo '<5>noticed'; echo \"stream $JOURNAL_STREAM $(stat -L -c %d:%i /proc/self/fd/2)\"\n")
        let supervisor = try RunningSupervisor(["start", "--journald-direct"], in: workspace)
        #expect(await supervisor.waitForExit() == 0)
        let entries = try await Journal.entries(["SYSLOG_IDENTIFIER=\(type)"]) { $0.count >= 4 }
        #expect(entries.count == 4)
        // JOURNAL_STREAM names the child's stderr stream, as systemd sets it.
        let stream = try #require(entries.first { $0.message.hasPrefix("stream ") }).message.split(separator: " ")
        #expect(stream.count == 3 && stream[1] == stream[2])
        #expect(entries.allSatisfy { $0["_TRANSPORT"] == "stdout" && $0["PROCESS_INSTANCE"] == nil })
        #expect(entries.first { $0.message == "to-out" }?["PRIORITY"] == "6")
        #expect(entries.first { $0.message == "to-err" }?["PRIORITY"] == "3")
        #expect(entries.first { $0.message == "noticed" }?["PRIORITY"] == "5")
        // The supervisor's own events still go through the native protocol.
        let spawned = try await Journal.entries(["MESSAGE_ID=\(Self.spawned)", "PROCESS_TYPE=\(type)"])
        #expect(spawned.count == 1 && spawned.first?["_TRANSPORT"] == "journal")
    }

    @Test("--log-sink both writes to the terminal and to the journal")
    func both() async throws {
        let tag = Journal.uniqueName("both")
        let workspace = try Workspace(procfile: "web: echo twice\n")
        let supervisor = try RunningSupervisor(["start", "--log-sink", "both", "--identifier", tag, "--no-timestamps", "--no-color"], in: workspace)
        #expect(await supervisor.waitForExit() == 0)
        #expect(supervisor.lines.contains("web.1      | twice"))
        #expect(try await Journal.entries(["SYSLOG_IDENTIFIER=\(tag)", "MESSAGE=twice"]).count == 1)
    }

    @Test("auto: journald when JOURNAL_STREAM names our stdout or SUPERVISOR_LOG_SINK=journald, else the terminal")
    func auto() async throws {
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
            let command = "exec >stdout.txt; exec env SUPERVISOR_CASE=\(name) \(environment) '\(SupervisorBinary.path)' start --identifier \(tag) --no-timestamps --no-color"
            let result = try await Shell.runWithStatus(command, directory: workspace.path)
            #expect(result.status == 0, "case \(name)")
            let terminal = try workspace.read("stdout.txt")
            #expect(terminal.contains("line \(name)") == !toJournal, "case \(name): \(terminal)")
        }
        let journal = try await Journal.entries(["SYSLOG_IDENTIFIER=\(tag)", "STREAM=stdout"]) { $0.count >= 2 }
        #expect(Set(journal.map(\.message)) == ["line stream", "line env"])
    }

    @Test("journald absent: one clear warning on stderr, every line on the terminal")
    func fallback() async throws {
        let workspace = try Workspace(procfile: "web: echo still-here; echo and-this >&2\n")
        // A private mount namespace where /run/systemd is empty: the real path, with no journald.
        let command = "unshare -m sh -c 'mount -t tmpfs none /run/systemd && exec \"$0\" start --log-sink journald --no-timestamps --no-color' \(SupervisorBinary.path)"
        let result = try await Shell.runCapturingStderr(command, directory: workspace.path)
        #expect(result.status == 0)
        #expect(result.output.contains("web.1      | still-here"))
        #expect(result.output.contains("web.1      ! and-this"))
        let warnings = result.error.split(separator: "\n").filter { $0.contains("journald") }
        #expect(warnings == ["supervisor: journald is not running here (/run/systemd/journal/socket does not exist): writing to the terminal instead"])
    }
}

extension JournaldTests {
    /// Runs the supervisor in a private mount namespace whose /run/systemd is a fresh tmpfs,
    /// after `setup` (shell) prepared it: the real socket path, without the real journald.
    private func runIsolated(_ workspace: Workspace, setup: String, arguments: String) async throws -> (output: String, error: String, status: Int32) {
        let script = "mount -t tmpfs none /run/systemd && mkdir -p /run/systemd/journal && \(setup) exec \"$0\" start \(arguments)"
        let escaped = script.replacingOccurrences(of: "'", with: "'\\''")
        return try await Shell.runCapturingStderr("unshare -m sh -c '\(escaped)' '\(SupervisorBinary.path)'", directory: workspace.path)
    }

    @Test("a socket file left by a journald that has gone: the same warning and fallback")
    func staleSocket() async throws {
        let workspace = try Workspace(procfile: "web: echo still-here\n")
        let bind = "python3 -c \"import socket; socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM).bind('/run/systemd/journal/socket')\" &&"
        let result = try await runIsolated(workspace, setup: bind, arguments: "--log-sink journald --no-timestamps --no-color")
        #expect(result.status == 0)
        #expect(result.output.contains("web.1      | still-here"))
        let warnings = result.error.split(separator: "\n").filter { $0.contains("journald") }
        #expect(warnings.count == 1)
        #expect(warnings.first?.contains("connect to /run/systemd/journal/socket failed: Connection refused") == true)
    }

    @Test("journald going away while running: one warning, then every line on the terminal")
    func journaldGoesAway() async throws {
        // The lines after the first entry travel in one batch that journald never takes: every one
        // of them, its `<N>` prefix put back, reaches the terminal.
        let workspace = try Workspace(procfile: "web: sleep 0.5; echo after-1; echo after-2 >&2; echo '<4>after-3'\n")
        // A stand-in journald that takes one entry (the spawned event), then closes its socket.
        let listener = """
            python3 -c "
            import socket, os, sys
            s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM); s.bind('/run/systemd/journal/socket')
            if os.fork() == 0:
                s.recv(65536); s.close(); os._exit(0)
            " &&
            """
        let result = try await runIsolated(workspace, setup: listener, arguments: "--log-sink journald --no-timestamps --no-color")
        #expect(result.status == 0)
        let lines = result.output.split(separator: "\n").map(String.init)
        #expect(lines.filter { $0.contains("journald refused an entry") && $0.contains("writing to the terminal until it takes entries again") }.count == 1)
        #expect(lines.contains("web.1      | after-1"))
        #expect(lines.contains("web.1      ! after-2"))
        #expect(lines.contains("web.1      | <4>after-3"))
        #expect(lines.contains { $0.hasPrefix("supervisor | web.1 (pid ") && $0.hasSuffix("exited with status 0") })
    }
}

extension JournaldTests {
    /// Runs `body` with the suite's journald stopped (SIGSTOP), continuing it afterwards whatever happens.
    func withJournaldStopped(_ body: (pid_t) async throws -> Void) async throws {
        let journald = try #require(JournaldDaemon.runningPID(), "no systemd-journald is running")
        kill(journald, SIGSTOP)
        defer { kill(journald, SIGCONT) }
        try await body(journald)
    }

    @Test("journald stopped (SIGSTOP): SIGTERM still stops the formation at once; lines go to the terminal after 1 s; after SIGCONT they go to journald again")
    func journaldStoppedAndContinued() async throws {
        let tag = Journal.uniqueName("stall")
        let workspace = try Workspace(procfile: """
            ticker: i=0; while :; do i=$((i+1)); echo tick $i; sleep 0.01; done
            flood: sleep 0.5; yes 'flood line that fills the socket to journald' | head -n 30000; sleep 100
            """ + "\n")
        var supervisor: RunningSupervisor?
        try await withJournaldStopped { journald in
            let running = try RunningSupervisor(["start", "--log-sink", "journald", "--identifier", tag, "--no-color", "--no-timestamps", "-t", "2"], in: workspace)
            supervisor = running
            #expect(await running.waitFor("journald has taken nothing for 1s: writing to the terminal until it takes entries again", seconds: 15), "\(running.output.suffix(2000))")
            #expect(await running.waitFor("ticker.1   | tick", seconds: 5))
            kill(journald, SIGCONT)
            #expect(await running.waitFor("journald takes entries again: writing to it from now on", seconds: 10), "\(running.output.suffix(2000))")
        }
        let running = try #require(supervisor)
        // Back on journald: new ticks reach the journal.
        let onTerminal = running.lines.compactMap { $0.hasPrefix("ticker.1   | tick ") ? Int($0.dropFirst("ticker.1   | tick ".count)) : nil }.max() ?? 0
        let later = try await Journal.entries(["SYSLOG_IDENTIFIER=\(tag)", "PROCESS_TYPE=ticker"]) { entries in
            entries.contains { Int($0.message.dropFirst("tick ".count)) ?? 0 > onTerminal + 10 }
        }
        #expect(later.contains { Int($0.message.dropFirst("tick ".count)) ?? 0 > onTerminal + 10 }, "no tick after \(onTerminal) in the journal")
        running.signal(SIGTERM)
        #expect(await running.waitForExit(seconds: 10) == 0)
    }

    @Test("journald stopped (SIGSTOP): SIGTERM reaches the children at once (under 1 s; Benchmarks/hostile.sh gives the figure) and the supervisor exits within the grace period + 1 s")
    func sigtermWhileJournaldStopped() async throws {
        let tag = Journal.uniqueName("stop")
        let workspace = try Workspace(procfile: """
            flood: yes 'flood line that fills the socket to journald' | head -n 30000; sleep 100
            polite: trap 'date +%s%N > termed; exit 0' TERM; while :; do echo tick; sleep 0.01; done
            """ + "\n")
        try await withJournaldStopped { _ in
            let running = try RunningSupervisor(["start", "--log-sink", "journald", "--identifier", tag, "--no-color", "-t", "2"], in: workspace)
            try await Task.sleep(for: .milliseconds(700))
            let sent = Date()
            running.signal(SIGTERM)
            let status = await running.waitForExit(seconds: 10)
            let elapsed = Date().timeIntervalSince(sent)
            #expect(status == 0, "\(running.output.suffix(2000))")
            #expect(elapsed < 3.0, "exit took \(elapsed) s")
            let termed = (try? workspace.read("termed")).flatMap { Double($0.trimmingCharacters(in: .whitespacesAndNewlines)) }.map { $0 / 1e9 }
            let delay = (termed ?? .infinity) - sent.timeIntervalSince1970
            #expect(delay < 1.0, "the children got SIGTERM \(delay) s after the supervisor")
        }
    }
}
