import Glibc

/// The `dashboard` executable (Sources/dashboard) that `supervisor dashboard` runs: a program of
/// its own, so that the supervisor itself stays small and static. `scripts/install.sh` puts it
/// beside the supervisor in PREFIX/bin; `scripts/start.sh` builds the supervisor in .build-static
/// and the dashboard in .build, so a supervisor run from the static build tree looks in the
/// matching .build directory too.
enum DashboardExecutable {
    /// The places to look, in order: `dashboard` beside `supervisorPath` (an installed prefix's
    /// bin, any build directory), then, for a supervisor inside a `.build-static` tree, the same
    /// directory under `.build` (`.build-static/x86_64-unknown-linux-gnu/release` ->
    /// `.build/x86_64-unknown-linux-gnu/release`).
    static func candidates(besides supervisorPath: String) -> [String] {
        let directory = FileSystem.directory(of: supervisorPath)
        var paths = ["\(directory)/dashboard"]
        let components = directory.split(separator: "/", omittingEmptySubsequences: false)
        if let staticTree = components.lastIndex(of: ".build-static") {
            var sibling = components
            sibling[staticTree] = ".build"
            paths.append(sibling.joined(separator: "/") + "/dashboard")
        }
        return paths
    }

    /// The first candidate that is executable, or nil.
    static func find(besides supervisorPath: String, isExecutable: (String) -> Bool = { access($0, X_OK) == 0 }) -> String? {
        candidates(besides: supervisorPath).first(where: isExecutable)
    }

    /// The one-line report when none is there: every place looked in, and how to get one.
    static func missing(lookedIn paths: [String]) -> String {
        "no dashboard executable in \(paths.joined(separator: ", ")); install it beside supervisor with scripts/install.sh, or build it with `swift build -c release --product dashboard` (scripts/start.sh does)"
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
