import Glibc

/// The `dashboard` executable (Sources/dashboard) that `supervisor dashboard` runs: built beside
/// `supervisor`, so that the supervisor itself stays small and static.
enum DashboardExecutable {
    /// `dashboard` in the directory of `supervisorPath`.
    static func path(besides supervisorPath: String) -> String {
        "\(FileSystem.directory(of: supervisorPath))/dashboard"
    }

    /// The one-line report when it is missing: where we looked, and how to build it.
    static func missing(at path: String, errno: Int32) -> String {
        "no dashboard executable at \(path) (\(ErrnoText.describe(errno))); build it beside supervisor with `swift build --product dashboard` (or -c release, like supervisor)"
    }

    /// Replaces this process with `path arguments...` in `environment`; returns only on
    /// failure, with the errno.
    static func exec(_ path: String, arguments: [String], environment: [String: String]) -> Int32 {
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        execve(path, argv, envp)
        let error = errno
        for pointer in argv + envp { free(pointer) }
        return error
    }
}
