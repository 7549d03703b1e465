import Foundation
import Testing

extension JournaldTests {
    static let spawned = "b93c18afe31d44c6a9f65f4adfcb649f"
    static let exited = "55b71f2c99ae4a98bd1aac170bf0e985"
    static let stopping = "af3a1f8e8b1345a7bb6521f8f8ecb31b"
    static let killing = "5b365a69e39842ca84665a31c98a96b1"
    static let forwarded = "bd4587b40598488f882ab8bea31e644a"
    static let restarting = "d58f59e566414e73b41ac52d9ec05842"
    static let gaveUp = "5c73a96091a94b7eaf9155cb4b953e5e"

    @Test("lifecycle events carry fixed MESSAGE_IDs: spawned, exited with status, restarting, gave up")
    func restartEvents() async throws {
        let tag = Journal.uniqueName("ev")
        let workspace = try Workspace(procfile: "flaky: exit 3\n")
        let supervisor = try RunningSupervisor(
            ["start", "--log-sink", "journald", "--identifier", tag, "--restart", "on-failure", "--restart-delay", "0.01", "--restart-delay-max", "0.02"],
            in: workspace)
        #expect(await supervisor.waitForExit() == 3)
        let entries = try await Journal.entries(["SYSLOG_IDENTIFIER=\(tag)"]) { $0.contains { $0["MESSAGE_ID"] == Self.stopping } }
        let spawned = entries.filter { $0["MESSAGE_ID"] == Self.spawned }
        #expect(spawned.count == 10)
        #expect(spawned.allSatisfy { $0["PROCESS_INSTANCE"] == "flaky.1" && $0["PROCESS_TYPE"] == "flaky" && $0["PRIORITY"] == "6" })
        let exits = entries.filter { $0["MESSAGE_ID"] == Self.exited }
        #expect(exits.count == 10)
        #expect(exits.allSatisfy { $0["EXIT_CODE"] == "exited" && $0["EXIT_STATUS"] == "3" && $0.message.hasSuffix("exited with status 3") })
        let restarts = entries.filter { $0["MESSAGE_ID"] == Self.restarting }
        #expect(restarts.count == 9)
        #expect(restarts.last?["RESTART_ATTEMPT"] == "10")
        let gaveUp = try #require(entries.first { $0["MESSAGE_ID"] == Self.gaveUp })
        #expect(gaveUp["PRIORITY"] == "3")
        #expect(gaveUp["START_LIMIT_BURST"] == "10")
        #expect(gaveUp["START_LIMIT_INTERVAL_USEC"] == "60000000")
        #expect(gaveUp.message.contains("giving up"))
        // journalctl MESSAGE_ID=... finds them without knowing the identifier.
        let byID = try await Journal.entries(["MESSAGE_ID=\(Self.gaveUp)", "SYSLOG_IDENTIFIER=\(tag)"])
        #expect(byID.count == 1)
    }

    @Test("signal events: forwarded SIGUSR1, stopping with SIGTERM, killing with SIGKILL, exit by signal")
    func signalEvents() async throws {
        let tag = Journal.uniqueName("sig")
        let workspace = try Workspace(procfile: "stubborn: trap '' TERM USR1; echo ready; while true; do sleep 0.1; done\n")
        let supervisor = try RunningSupervisor(["start", "--log-sink", "journald", "--identifier", tag, "-t", "0.3"], in: workspace)
        _ = try await Journal.entries(["SYSLOG_IDENTIFIER=\(tag)", "MESSAGE=ready"])
        supervisor.signal(SIGUSR1)
        _ = try await Journal.entries(["SYSLOG_IDENTIFIER=\(tag)", "MESSAGE_ID=\(Self.forwarded)"])
        supervisor.signal(SIGTERM)
        #expect(await supervisor.waitForExit() == 137)
        let entries = try await Journal.entries(["SYSLOG_IDENTIFIER=\(tag)"]) { $0.contains { $0["MESSAGE_ID"] == Self.exited } }
        #expect(entries.first { $0["MESSAGE_ID"] == Self.forwarded }?["SIGNAL"] == "SIGUSR1")
        #expect(entries.first { $0["MESSAGE_ID"] == Self.stopping }?["SIGNAL"] == "SIGTERM")
        let killing = try #require(entries.first { $0["MESSAGE_ID"] == Self.killing })
        #expect(killing["SIGNAL"] == "SIGKILL" && killing["PRIORITY"] == "4" && killing["PROCESS_INSTANCE"] == "stubborn.1")
        let exited = try #require(entries.first { $0["MESSAGE_ID"] == Self.exited })
        #expect(exited["EXIT_CODE"] == "killed" && exited["EXIT_STATUS"] == "SIGKILL")
    }
}
