import Foundation
import Testing

/// A suite trait that makes sure a real systemd-journald listens on /run/systemd/journal: it
/// starts `/lib/systemd/systemd-journald` when none does (as root, keeping a runtime journal
/// under /run/log/journal), and after the suite stops only the PID it started.
struct JournaldDaemon: SuiteTrait, TestScoping {
    static let socket = "/run/systemd/journal/socket"
    static let binary = "/lib/systemd/systemd-journald"

    func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void) async throws {
        let started = try Self.startIfNeeded()
        defer {
            if let started {
                kill(started, SIGTERM)
                var status: Int32 = 0
                waitpid(started, &status, 0)
            }
        }
        try await function()
    }

    /// Returns the PID of the journald it started, or nil when one was already running.
    static func startIfNeeded() throws -> pid_t? {
        if FileManager.default.fileExists(atPath: socket) { return nil }
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
        while !FileManager.default.fileExists(atPath: socket) && Date() < deadline { usleep(20_000) }
        return pid
    }
}

extension Trait where Self == JournaldDaemon {
    /// Runs the suite against a real journald (started for it when none is running).
    static var journald: JournaldDaemon { JournaldDaemon() }
}
