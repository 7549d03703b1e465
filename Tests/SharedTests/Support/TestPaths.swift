import Foundation

/// Paths the tests need, found from this file's location.
enum TestPaths {
    /// The repository checkout (three levels above this file: Tests/SharedTests/Support).
    static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `../shared/testdata/aws-sigv4-test-suite` beside the checkout.
    static let sigV4Suite: URL = repositoryRoot
        .appendingPathComponent("../shared/testdata/aws-sigv4-test-suite").standardizedFileURL

    /// Whether the official SigV4 suite is present.
    static var sigV4SuiteExists: Bool {
        FileManager.default.fileExists(atPath: sigV4Suite.appendingPathComponent("get-vanilla/context.json").path)
    }

    /// The helper peers (python scripts) in Tests/SharedTests/Peers.
    static let peers: URL = repositoryRoot.appendingPathComponent("Tests/SharedTests/Peers")
}
