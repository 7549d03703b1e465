import Foundation
import PeerSupport
import Testing

@testable import supervisor

/// Seeded randomized rounds: random Procfiles of quick exits, TERM-ignoring loops, grandchildren,
/// orphaners, daemons that leave their group, chatty and newline-less writers, under a random
/// restart policy, hit by a random signal sequence (SIGKILL to the supervisor included). Each
/// round must end in time, without a crash of the supervisor and with nothing left behind.
/// `TORTURE_ROUNDS` (default 30) and `TORTURE_SEED` change the run; a failure names both.
@Suite("torture: random formations and signals", .serialized, .ownThread)
struct TortureTests {
    static let rounds = ProcessInfo.processInfo.environment["TORTURE_ROUNDS"].flatMap { Int($0) } ?? 30
    static let seed = ProcessInfo.processInfo.environment["TORTURE_SEED"].flatMap { UInt64($0) } ?? 0x7EA5E

    enum Kind: CaseIterable {
        case quick, stubborn, grandchildren, orphaner, daemon, chatty, newlineLess
    }

    static func command(_ kind: Kind, using rng: inout SeededGenerator) -> String {
        switch kind {
        case .quick: return "sleep 0.\(Int.random(in: 1...9, using: &rng)); exit \([0, 3, 7].randomElement(using: &rng) ?? 0)"
        case .stubborn: return "trap '' TERM INT HUP; while :; do sleep 0.05; done"
        case .grandchildren: return "sleep 30 & sleep 30 & wait"
        case .orphaner: return "(sleep 30 &) ; sleep 30"
        case .daemon: return "setsid sleep 30 & sleep 30"
        case .chatty: return "yes chatter | head -c \(Int.random(in: 1_000...400_000, using: &rng)); sleep 30"
        case .newlineLess: return "head -c \(Int.random(in: 1_000...200_000, using: &rng)) /dev/zero | tr '\\\\0' x; sleep 30"
        }
    }

    static let sequences: [[Int32]] = [[SIGTERM], [SIGINT], [SIGINT, SIGINT], [SIGHUP], [SIGUSR1, SIGTERM], [SIGTERM, SIGTERM], [SIGKILL]]

    @Test("rounds of random formations and signal sequences leave nothing behind")
    func torture() async throws {
        var rng = SeededGenerator(state: Self.seed)
        for round in 0..<Self.rounds {
            let signals = Self.sequences.randomElement(using: &rng) ?? [SIGTERM]
            let killed = signals.contains(SIGKILL)
            // A daemon that left its group cannot be reached once the supervisor is SIGKILLed
            // (a known gap, see docs/cli.md): only in rounds that stop it properly.
            let kinds = Kind.allCases.filter { !killed || $0 != .daemon }
            let count = Int.random(in: 1...4, using: &rng)
            let procfile = (1...count).map { "p\($0): \(Self.command(kinds.randomElement(using: &rng) ?? .quick, using: &rng))" }
                .joined(separator: "\n") + "\n"
            let policy = ["never", "on-failure", "always"].randomElement(using: &rng) ?? "never"
            let pause = UInt32.random(in: 100_000...800_000, using: &rng)
            let context = "seed \(Self.seed) round \(round): --restart \(policy), signals \(signals.map { SignalName.of($0) }), Procfile:\n\(procfile)"
            try await runRound(procfile: procfile, policy: policy, pause: pause, signals: signals, context: context, rng: &rng)
        }
    }

    private func runRound(procfile: String, policy: String, pause: UInt32, signals: [Int32], context: String, rng: inout SeededGenerator) async throws {
        let workspace = try Workspace(procfile: procfile)
        let supervisor = try RunningSupervisor(
            ["start", "--no-color", "--sighup", "stop", "-t", "1", "--restart", policy, "--restart-delay", "0.05"], in: workspace)
        try await Task.sleep(for: .microseconds(pause))
        for signal in signals {
            supervisor.signal(signal)
            try await Task.sleep(for: .microseconds(UInt32.random(in: 20_000...200_000, using: &rng)))
        }
        let status = await supervisor.waitForExit(seconds: 15)
        #expect(status != nil, "the supervisor did not exit within 15 s; \(context)\n\(supervisor.output.suffix(2000))")
        if !signals.contains(SIGKILL) {
            #expect(supervisor.process.terminationReason == .exit, "the supervisor died of signal \(status ?? 0); \(context)\n\(supervisor.errorOutput)")
        }
        let left = await ProcessTable.waitUntilGone(tag: workspace.tag, seconds: 5)
        #expect(left.isEmpty, "left behind: \(left.map { "\($0) \(Self.commandLine($0))" }); \(context)")
        for pid in left { kill(pid, SIGKILL) }
    }

    /// The gap torture once found under load (seed 518750 round 25: SIGKILL to the supervisor,
    /// `(sleep 30 &)`, two `sleep`s left): a child that ran between its exec and the supervisor
    /// listing its group with the watchdog died of PR_SET_PDEATHSIG, but what it had forked was
    /// in a group nobody knew. The spawner now lists the group before the child can exec. With
    /// a busy loop per core beside it this formation left 56 processes in 30 rounds before that,
    /// none in 25 after (Benchmarks/soak.sh's notes); unloaded it rarely fails the old way, so
    /// it guards the path rather than proving the race every run.
    @Test("SIGKILL while instances restart and fork leaves nothing behind")
    func killedWhileSpawning() async throws {
        let procfile = """
            a: (sleep 30 &) ; sleep 30
            b: sleep 30 & sleep 30 & wait
            c: (sleep 30 &) ; sleep 0.05; exit 1
            d: sleep 30 & exit 3
            e: exit 1

            """
        var rng = SeededGenerator(state: Self.seed)
        for round in 0..<10 {
            let workspace = try Workspace(procfile: procfile)
            let supervisor = try RunningSupervisor(
                ["start", "--no-color", "-t", "1", "--restart", "always", "--restart-delay", "0.01", "--restart-limit", "100000/1",
                 "-m", "a=1,b=1,c=2,d=2,e=2"], in: workspace)
            try await Task.sleep(for: .milliseconds(Int.random(in: 100...800, using: &rng)))
            supervisor.signal(SIGKILL)
            _ = await supervisor.waitForExit(seconds: 15)
            let left = await ProcessTable.waitUntilGone(tag: workspace.tag, seconds: 10)
            #expect(left.isEmpty, "round \(round): left behind: \(left.map { "\($0) \(Self.commandLine($0))" })")
            for pid in left { kill(pid, SIGKILL) }
        }
    }

    static func commandLine(_ pid: Int32) -> String {
        let raw = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") ?? Data()
        return String(decoding: raw.map { $0 == 0 ? 0x20 : $0 }, as: UTF8.self)
    }
}
