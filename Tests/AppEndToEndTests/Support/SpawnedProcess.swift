import AppTestSupport
import Foundation
import Glibc

/// A process started with `posix_spawn` and reaped here (`waitpid` with `WNOHANG`), its
/// stdout and stderr in files.
///
/// Why not ``ChildProcess`` (Foundation's `Process`): `systemd-socket-activate` closes every
/// descriptor it inherits but the sockets, the one Foundation watches to learn of an exit among
/// them; Foundation then blocks its single monitor thread in `wait4` on it, and no other process
/// of the test run is seen to exit until this one does (a whole-suite run hung on it).
final class SpawnedProcess: @unchecked Sendable {
    // @unchecked: `reaped` is only touched under `lock`; the rest is immutable after init.
    let pid: pid_t
    private let outputPath: String
    private let lock = NSLock()
    /// Once reaped, the pid may belong to another process: nothing is sent to it any more.
    private var reaped = false

    /// Starts `executable arguments` in `directory` (through `/bin/sh -c 'cd DIR && exec ...'`,
    /// so that `pid` is the executable's own) with exactly `environment`.
    init(_ executable: String, _ arguments: [String], directory: String, environment: [String: String]) throws {
        outputPath = FileManager.default.temporaryDirectory.appendingPathComponent("spawned-\(UUID().uuidString).log").path
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv = ["/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", directory, executable] + arguments
        let cArguments: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        let cEnvironment: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (cArguments + cEnvironment).forEach { free($0) } }
        var pid: pid_t = 0
        let error = posix_spawn(&pid, "/bin/sh", &actions, nil, cArguments, cEnvironment)
        guard error == 0 else { throw TestSupportError("posix_spawn \(executable) failed: errno \(error)") }
        self.pid = pid
    }

    deinit { unlink(outputPath) }

    /// stdout and stderr so far.
    var output: String { (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "" }

    func signal(_ signal: Int32) {
        lock.withLock { if !reaped { kill(pid, signal) } }
    }

    /// Waits until the output contains `text`; false on timeout.
    func waitFor(_ text: String, seconds: Double = 30) async -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if output.contains(text) { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return false
    }

    /// The exit status once it exits (128 + N when killed by signal N); on timeout SIGKILL and nil.
    func waitForExit(seconds: Double = 30) async -> Int32? {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let status = reapIfExited() { return status }
            try? await Task.sleep(for: .milliseconds(20))
        }
        killAndReap()
        return nil
    }

    /// SIGKILL and reap, unless already reaped (for `defer`).
    func killAndReap() {
        lock.withLock {
            guard !reaped else { return }
            kill(pid, SIGKILL)
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            reaped = true
        }
    }

    private func reapIfExited() -> Int32? {
        lock.withLock {
            guard !reaped else { return nil }
            var status: Int32 = 0
            guard waitpid(pid, &status, WNOHANG) == pid else { return nil }
            reaped = true
            return Self.exitStatus(status)
        }
    }

    private static func exitStatus(_ status: Int32) -> Int32 {
        let signal = status & 0x7F
        return signal == 0 ? (status >> 8) & 0xFF : 128 + signal
    }
}
