import Foundation
import PeerSupport

/// A temporary copy of the repository's run files (`Procfile`, `.env`, `config/app-config.json`)
/// in which the tests run the formation exactly as a user would; removed by ``remove()``.
public final class AppWorkspace: @unchecked Sendable {
    // @unchecked: immutable after init.
    /// The directory.
    public let url: URL

    /// Copies the run files into a new temporary directory.
    public init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("formation-app-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url.appendingPathComponent("config"), withIntermediateDirectories: true)
        for name in ["Procfile", ".env", "config/app-config.json"] {
            try FileManager.default.copyItem(
                at: Peers.repositoryRoot.appendingPathComponent(name), to: url.appendingPathComponent(name))
        }
    }

    /// The directory's path.
    public var path: String { url.path }

    /// Writes a file relative to the workspace.
    public func write(_ name: String, _ text: String) throws {
        try text.write(to: url.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }

    /// Reads a file relative to the workspace.
    public func read(_ name: String) throws -> String {
        try String(contentsOf: url.appendingPathComponent(name), encoding: .utf8)
    }

    /// Removes the directory, and the files a supervisor started in it left beside its default
    /// control socket.
    public func remove() {
        ControlFiles.remove(root: path)
        try? FileManager.default.removeItem(at: url)
    }
}
