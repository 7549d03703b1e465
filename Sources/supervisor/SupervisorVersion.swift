import CSupervisor

/// What `supervisor --version` prints: the release, set here and nowhere else, and the git commit
/// the binary was built from. The commit comes from the build (FORMATION_COMMIT, passed by
/// scripts/lib/build.sh and the Dockerfile's build argument, compiled into CSupervisor), so an
/// installed or shipped binary names it without a repository beside it.
enum SupervisorVersion {
    /// The release of Formation this supervisor belongs to.
    static let release = "0.1.0"

    /// The commit (12 hex digits, "-dirty" when the tree had uncommitted changes), or "unknown"
    /// when the build was not given one (a plain `swift build`, a tree without git).
    static var commit: String { String(cString: fm_build_commit()) }

    /// `0.1.0 (commit 0cbcd987358c)`.
    static var text: String { "\(release) (commit \(commit))" }
}
