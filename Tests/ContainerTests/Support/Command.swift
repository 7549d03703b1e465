import AppTestSupport
import Foundation

/// Runs a command to completion with posix_spawn and waitpid, its output in files. Foundation's
/// Process is no use for podman: it learns of a child's exit from a descriptor the child
/// inherits, and `podman run --detach` hands that on to conmon and slirp4netns, which outlive it,
/// so the exit would never be seen. Waiting polls with Task.sleep, holding no thread.
enum Command {
    struct Result: Sendable {
        /// The exit status (128+N after signal N); nil when it outran its time and was killed.
        var status: Int32?
        var output: String
        var error: String
    }

    static func run(_ executable: String, _ arguments: [String], directory: String, environment: [String: String], seconds: Double = 120) async throws -> Result {
        let files = FileManager.default.temporaryDirectory.appendingPathComponent("formation-command-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: files, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(atPath: files) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, files + "/stdout", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, files + "/stderr", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        // Into `directory` by a shell that then becomes the command (Glibc's addchdir_np is not
        // visible to Swift).
        let argv = (["/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", directory, executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for pointer in argv + envp { free(pointer) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, "/bin/sh", &actions, nil, argv, envp)
        guard spawned == 0 else { throw TestSupportError("posix_spawn \(executable) failed: \(String(cString: strerror(spawned)))") }

        let deadline = Date().addingTimeInterval(seconds)
        var status: Int32 = 0
        var timedOut = false
        while true {
            let waited = waitpid(pid, &status, WNOHANG)
            if waited == pid { break }
            if waited < 0 && errno != EINTR { throw TestSupportError("waitpid \(pid) failed: \(String(cString: strerror(errno)))") }
            if Date() > deadline && !timedOut {
                timedOut = true
                kill(pid, SIGKILL)
            }
            try? await Task.sleep(for: .milliseconds(20))
        }
        // Lossy: a tool may print bytes that are not UTF-8 (readelf prints a CRC).
        let read = { (name: String) in String(decoding: FileManager.default.contents(atPath: files + "/" + name) ?? Data(), as: UTF8.self) }
        let exit: Int32 = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return Result(status: timedOut ? nil : exit, output: read("stdout"), error: read("stderr"))
    }
}
