import AppTestSupport
import PeerSupport
import Foundation
import Testing

/// The supervisor when its own stdout or its start-up conditions misbehave: a non-blocking
/// stdout, a reader that stops reading, closed standard descriptors, an inherited SIG_IGN.
/// Each runs the real binary under `/bin/sh`, which SIGKILLs it if it hangs.
@Suite("supervisor under hostile conditions", .serialized, .ownThread)
struct HostileOutputTests {
    let supervisor = SupervisorBinary.path

    /// After `... & pid=$!`: SIGKILLs the supervisor after 30 s, so a hang fails the test instead
    /// of blocking the suite. The guard ends by itself 0.1 s after the supervisor: it inherits
    /// the test's pipes (Foundation leaves them open in children), so a guard still sleeping
    /// would keep the test reading until it ended.
    static let guardAgainstHang = "( for i in $(seq 300); do kill -0 $pid 2>/dev/null || exit 0; sleep 0.1; done; kill -KILL $pid ) >/dev/null 2>&1 & guard=$!"

    @Test("a non-blocking stdout (left so by a Node or libuv parent) loses nothing: EAGAIN waits for the reader")
    func nonBlockingStdout() async throws {
        let workspace = try Workspace(procfile: "gen: seq 1 50000\n")
        // Python sets O_NONBLOCK on the pipe, then becomes the supervisor; the reader starts only
        // after a second, so the pipe is full and every write meets EAGAIN for a while.
        let nonblocking = "import fcntl, os, sys; fcntl.fcntl(1, fcntl.F_SETFL, fcntl.fcntl(1, fcntl.F_GETFL) | os.O_NONBLOCK); os.execv(sys.argv[1], sys.argv[1:])"
        let result = try await Shell.runCapturingStderr(
            "timeout 60 python3 -c '\(nonblocking)' '\(supervisor)' start --no-color --no-timestamps | (sleep 1; grep -c '^gen\\.1 .*| [0-9]')",
            directory: workspace.path)
        #expect(result.output.trimmingCharacters(in: .whitespacesAndNewlines) == "50000", "stderr: \(result.error)")
        #expect(!result.error.contains("could not be written"))
    }

    @Test("stdout nobody reads: SIGTERM still stops the children at once, a child logging in its TERM handler exits by itself, the supervisor exits within grace + 1 s and counts what it could not write")
    func stalledReaderDuringStop() async throws {
        let workspace = try Workspace(procfile: """
            chatty: yes 'a line of chatter that fills every pipe on its way'
            polite: trap 'date +%s%N > termed; echo stopping politely; exit 0' TERM; while :; do echo tick; done
            """ + "\n")
        // The FIFO is held open read-write by the shell and never read: the supervisor's stdout
        // fills and stays full.
        let script = """
            mkfifo out.fifo; exec 3<>out.fifo
            '\(supervisor)' start --no-color -t 1 >out.fifo 2>err.txt & pid=$!
            \(Self.guardAgainstHang)
            sleep 1.5
            t0=$(date +%s%N); kill -TERM $pid; wait $pid; status=$?; t1=$(date +%s%N)
            kill $guard 2>/dev/null
            echo "status=$status exit_ms=$(( (t1 - t0) / 1000000 )) term_ms=$(( ($(cat termed) - t0) / 1000000 ))"
            """
        let result = try await Shell.runCapturingStderr(script, directory: workspace.path)
        let fields = ShellReport.numbers(in: result.output)
        let errors = (try? workspace.read("err.txt")) ?? ""
        #expect(fields["status"] == 0, "\(result.output) \(result.error) \(errors)")
        #expect((fields["term_ms"] ?? .max) < 1000, "\(result.output)")
        #expect((fields["exit_ms"] ?? .max) < 2500, "\(result.output)")
        #expect(errors.contains("bytes of output could not be written to stdout: its reader stopped reading"), "\(errors)")
    }

    @Test("closed descriptors 0-2 at start are opened on /dev/null before anything else takes their numbers")
    func closedStandardDescriptors() async throws {
        let workspace = try Workspace(procfile: "probe: sleep 30\n")
        let script = """
            '\(supervisor)' start --no-color <&- >&- 2>&- & pid=$!
            \(Self.guardAgainstHang)
            sleep 0.5
            for fd in 0 1 2; do echo "fd$fd=$(readlink /proc/$pid/fd/$fd)"; done
            kill -TERM $pid; wait $pid; echo "status=$?"; kill $guard 2>/dev/null
            """
        let output = try await Shell.run(script, directory: workspace.path)
        #expect(output.contains("fd0=/dev/null"), "\(output)")
        #expect(output.contains("fd1=/dev/null"), "\(output)")
        #expect(output.contains("fd2=/dev/null"), "\(output)")
        #expect(output.contains("status=0"), "\(output)")
    }

    @Test("nohup: an inherited SIG_IGN for SIGHUP is kept; SIGTERM still stops the formation")
    func nohupKeepsIgnoredHangUp() async throws {
        let workspace = try Workspace(procfile: "probe: sleep 30\n")
        let script = """
            sh -c 'trap "" HUP; exec "$0" start --no-color' '\(supervisor)' >out.txt 2>&1 & pid=$!
            \(Self.guardAgainstHang)
            sleep 0.5; kill -HUP $pid; sleep 0.5
            kill -0 $pid 2>/dev/null && echo alive-after-hup
            kill -TERM $pid; wait $pid; echo "status=$?"; kill $guard 2>/dev/null
            """
        let output = try await Shell.run(script, directory: workspace.path)
        #expect(output.contains("alive-after-hup"), "\(output) \((try? workspace.read("out.txt")) ?? "")")
        #expect(output.contains("status=0"), "\(output)")
    }
}

extension HostileOutputTests {
    @Test("a child writing without newlines: memory stays bounded, its output comes out in marked pieces of --max-line-bytes")
    func newlineLessOutput() async throws {
        let workspace = try Workspace(procfile: "spew: yes | tr -d '\\n'\n")
        // The sample is the first megabyte; the rest goes to /dev/null as fast as it comes.
        let script = """
            mkfifo out.fifo
            (head -c 1000000 > sample.txt; cat > /dev/null) < out.fifo &
            '\(supervisor)' start --no-color --no-timestamps --max-line-bytes 1024 >out.fifo 2>err.txt & pid=$!
            \(Self.guardAgainstHang)
            sleep 3
            grep VmHWM /proc/$pid/status
            kill -TERM $pid; wait $pid; echo "status=$?"; kill $guard 2>/dev/null
            """
        let output = try await Shell.run(script, directory: workspace.path)
        let peakKiB = output.split(separator: "\n").first { $0.hasPrefix("VmHWM") }
            .flatMap { Int($0.split(separator: " ").dropFirst().first ?? "") } ?? .max
        // Without the limit the supervisor grew by hundreds of MB a second.
        #expect(peakKiB < 64 * 1024, "\(output)")
        #expect(output.contains("status=0"), "\(output)")
        let lines = try workspace.read("sample.txt").split(separator: "\n").dropLast().filter { $0.hasPrefix("spew.1") }
        #expect(lines.count > 100)
        #expect(lines.allSatisfy { $0.utf8.count <= 1024 + 64 })
        #expect(lines.first?.hasSuffix("y…") == true)
        #expect(lines.dropFirst().allSatisfy { $0.hasSuffix("y…") && $0.contains("| …y") })
    }
}

extension HostileOutputTests {
    @Test("Ctrl-Z (SIGTSTP) under start suspends the whole formation; SIGCONT continues every group")
    func suspendAndContinue() async throws {
        let workspace = try Workspace(procfile: "tick: while :; do echo tick; sleep 0.05; done\n")
        let script = """
            '\(supervisor)' start --no-color --no-timestamps >out.txt 2>&1 & pid=$!
            \(Self.guardAgainstHang)
            for i in $(seq 200); do grep -q "spawned tick.1" out.txt && break; sleep 0.02; done
            child=$(sed -n 's/.*spawned tick.1 (pid \\([0-9]*\\).*/\\1/p' out.txt)
            sleep 0.3
            kill -TSTP $pid; sleep 0.5
            state() { cut -d' ' -f3 /proc/$1/stat; }
            echo "suspended: supervisor=$(state $pid) child=$(state $child)"
            before=$(grep -c tick out.txt); sleep 0.5; after=$(grep -c tick out.txt)
            echo "ticks while suspended: $((after - before))"
            kill -CONT $pid; sleep 0.5
            echo "continued: supervisor=$(state $pid) child=$(state $child)"
            kill -TERM $pid; wait $pid; echo "status=$?"; kill $guard 2>/dev/null
            cat out.txt
            """
        let output = try await Shell.run(script, directory: workspace.path)
        #expect(output.contains("suspended: supervisor=T child=T"), "\(output)")
        #expect(output.contains("ticks while suspended: 0"), "\(output)")
        #expect(output.contains("continued: supervisor=S child=S") || output.contains("continued: supervisor=S child=R"), "\(output)")
        #expect(output.contains("forwarding SIGSTOP to 1 process group"), "\(output)")
        #expect(output.contains("forwarding SIGCONT to 1 process group"), "\(output)")
        #expect(output.contains("status=0"), "\(output)")
    }
}

extension HostileOutputTests {
    @Test("fork refused (EAGAIN, the process limit): retried with backoff, never counted as the child's exit")
    func forkRetried() async throws {
        let workspace = try Workspace(procfile: "a: exec sleep 30\n")
        // Its lock file stays in /tmp/formation-65534 (the supervisor keeps it by design), and the
        // directory it made there: no other test runs a supervisor as 65534. (It runs without
        // XDG_RUNTIME_DIR: a runtime directory there would be root's.)
        defer {
            ControlFiles.remove(root: workspace.path, uid: 65534)
            rmdir("/tmp/formation-65534")
        }
        // As an unprivileged user (root ignores RLIMIT_NPROC) whose limit leaves room for the
        // supervisor's threads and watchdog and for one placeholder process: forks fail until the
        // placeholder ends.
        let script = """
            others=$(ps -L -u 65534 --no-headers | wc -l)
            setpriv --reuid=65534 --regid=65534 --clear-groups sleep 30 & holder=$!
            env -u XDG_RUNTIME_DIR setpriv --reuid=65534 --regid=65534 --clear-groups prlimit --nproc=$((others + 5)) '\(supervisor)' start --no-color --no-timestamps >out.txt 2>&1 & pid=$!
            \(Self.guardAgainstHang)
            for i in $(seq 200); do [ "$(grep -c 'fork failed' out.txt)" -ge 2 ] && break; sleep 0.05; done
            kill -KILL $holder; wait $holder
            for i in $(seq 200); do grep -q 'spawned a.1' out.txt && break; sleep 0.05; done
            kill -TERM $pid; wait $pid; echo "status=$?"
            cat out.txt
            """
        let output = try await Shell.run(script, directory: workspace.path)
        #expect(output.contains("fork failed for a.1: Resource temporarily unavailable (EAGAIN): trying again in 0.1s"), "\(output)")
        #expect(output.contains("trying again in 0.2s"), "\(output)")
        #expect(output.contains("spawned a.1"), "\(output)")
        #expect(!output.contains("127"), "\(output)")
        #expect(output.contains("status=0"), "\(output)")
    }
}
