import AppCore
import AppTestSupport
import Foundation

/// The reference app under `supervisor start` in an ``AppWorkspace``, on a free base port,
/// with the binaries of this build (`BIN_DIR`).
struct Formation {
    let workspace: AppWorkspace
    let environment: [String: String]
    let basePort: Int

    /// A workspace and environment for the store `extra` names (the embedded store by default).
    init(extra: [String: String] = [:]) throws {
        workspace = try AppWorkspace()
        basePort = try FreePort.block(2)
        environment = TestEnvironment.withoutAWS(extra: ["BIN_DIR": BuiltBinaries.directory, "NO_COLOR": "1"].merging(extra) { _, new in new })
    }

    /// The same workspace with another environment.
    init(workspace: AppWorkspace, environment: [String: String], basePort: Int) {
        self.workspace = workspace
        self.environment = environment
        self.basePort = basePort
    }

    /// The embedded store the formation's processes use (the .env's STORE_URL,
    /// `var/formation.sqlite` in the workspace), opened by the test.
    func embeddedStore() throws -> SQLiteStore {
        try SQLiteStore(path: workspace.url.appendingPathComponent("var/formation.sqlite").path)
    }

    /// `http://127.0.0.1:<port of web instance n>` (n from 0).
    func web(_ instance: Int) -> String { "http://127.0.0.1:\(basePort + instance)" }

    /// `supervisor run ARGS` to completion.
    func run(_ arguments: [String], extra: [String: String] = [:]) async throws -> (status: Int32?, output: String, error: String) {
        try await ChildProcess.run(
            BuiltBinaries.path("supervisor"), ["run"] + arguments, directory: workspace.path,
            environment: environment.merging(extra) { _, new in new })
    }

    /// `supervisor start --port BASE ARGS`, running.
    func start(_ arguments: [String] = []) throws -> ChildProcess {
        try ChildProcess(
            BuiltBinaries.path("supervisor"), ["start", "--port", String(basePort), "--no-timestamps"] + arguments,
            directory: workspace.path, environment: environment)
    }
}
