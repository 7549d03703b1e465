import Foundation

/// The Python peers the tests run (moto, botocore, the export validators, the helper scripts),
/// pinned in `requirements-peers.txt` and installed by `scripts/test.sh` into a virtual
/// environment this project owns, `.build/peers` (or `$FORMATION_PEERS`). Tests find every peer
/// there, never in the machine's Python, so a green run means the pinned versions passed.
public enum Peers {
    /// The repository checkout (two levels above this file's folder: Tests/PeerSupport).
    public static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The peers' virtual environment.
    public static var root: URL {
        if let path = ProcessInfo.processInfo.environment["FORMATION_PEERS"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        return repositoryRoot.appendingPathComponent(".build/peers")
    }

    /// The folder of the peers' executables (`python3`, `moto_server`, `cfn-lint`, ...).
    public static var bin: URL { root.appendingPathComponent("bin") }

    /// The absolute path of a peer executable, or an error saying how to install it.
    public static func executable(_ name: String) throws -> String {
        let path = bin.appendingPathComponent(name).path
        guard FileManager.default.isExecutableFile(atPath: path) else { throw PeersMissing(name: name, root: root.path) }
        return path
    }

    /// The venv's Python.
    public static func python() throws -> String { try executable("python3") }

    /// `base` (default: this process's environment) with the peers' folder first on `PATH`, so
    /// that a shell command or script finds the pinned tools before any other.
    public static func environment(_ base: [String: String] = ProcessInfo.processInfo.environment) -> [String: String] {
        var environment = base
        environment["PATH"] = bin.path + ":" + (base["PATH"] ?? "/usr/local/bin:/usr/bin:/bin")
        environment["VIRTUAL_ENV"] = root.path
        environment["PYTHONNOUSERSITE"] = "1"
        return environment
    }
}
