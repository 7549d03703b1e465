import Foundation
import Testing

/// A suite trait that makes sure a real systemd-journald listens on /run/systemd/journal: it
/// starts `/lib/systemd/systemd-journald` when none does (as root, keeping a runtime journal
/// under /run/log/journal, rotated so the suite writes to a fresh file), and after the suite
/// stops only the PID it started. Suites using it take turns (an flock on
/// /run/formation-journald-tests.lock), also across test processes, so none stops a journald
/// that another still uses.
public struct JournaldDaemon: SuiteTrait, TestScoping {
    public init() {}

    public static let socket = "/run/systemd/journal/socket"
    public static let binary = "/lib/systemd/systemd-journald"

    public func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void) async throws {
        let lock = open("/run/formation-journald-tests.lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        defer { if lock >= 0 { close(lock) } }
        // Waits its turn without blocking a thread of the cooperative pool (another suite of the
        // same process may hold the lock for minutes).
        while lock >= 0 && flock(lock, LOCK_EX | LOCK_NB) != 0 {
            try await Task.sleep(for: .milliseconds(50))
        }
        let started = try await Self.startIfNeeded()
        do {
            // Our own journald starts the suite on a fresh journal file, so no test's entries meet
            // a full file (see `rotate()`).
            if started != nil { try await Self.rotate() }
            try await function()
        } catch {
            await Self.stop(started)
            throw error
        }
        await Self.stop(started)
    }

    /// Stops the journald this trait started (nil: none) and reaps it.
    private static func stop(_ started: pid_t?) async {
        guard let started else { return }
        kill(started, SIGTERM)
        var status: Int32 = 0
        while waitpid(started, &status, WNOHANG) == 0 {
            try? await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Returns the PID of the journald it started, or nil when one was already running.
    public static func startIfNeeded() async throws -> pid_t? {
        if isListening() { return nil }
        // A socket file left by a journald that has gone would refuse every entry.
        for name in ["socket", "stdout", "dev-log"] { try? FileManager.default.removeItem(atPath: "/run/systemd/journal/\(name)") }
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            Issue.record("systemd-journald is missing: apt-get install systemd")
            return nil
        }
        try FileManager.default.createDirectory(atPath: "/run/systemd/journal", withIntermediateDirectories: true)
        var pid: pid_t = 0
        var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv: [UnsafeMutablePointer<CChar>?] = [strdup(binary), nil]
        defer { for pointer in argv { free(pointer) } }
        let error = posix_spawn(&pid, binary, &actions, nil, argv, environ)
        guard error == 0 else {
            Issue.record("posix_spawn \(binary) failed: errno \(error)")
            return nil
        }
        let deadline = Date().addingTimeInterval(10)
        while !(isListening() && FileManager.default.fileExists(atPath: "/run/systemd/journal/stdout")) && Date() < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        return pid
    }

    /// Whether a journald answers on the native socket (a datagram connect is refused when
    /// nobody listens on the socket file).
    public static func isListening() -> Bool {
        let fd = Glibc.socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in socket.utf8.enumerated() { raw[index] = byte }
        }
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) == 0 }
        }
    }
}

extension Trait where Self == JournaldDaemon {
    /// Runs the suite against a real journald (started for it when none is running).
    public static var journald: JournaldDaemon { JournaldDaemon() }
}
