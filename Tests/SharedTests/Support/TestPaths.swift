import AppTestSupport
import Foundation
import PeerSupport

/// Paths the tests need, in the repository checkout and beside it.
enum TestPaths {
    /// `../shared/testdata/aws-sigv4-test-suite` beside the checkout.
    static let sigV4Suite: URL = Peers.repositoryRoot
        .appendingPathComponent("../shared/testdata/aws-sigv4-test-suite").standardizedFileURL

    /// Whether the official SigV4 suite is present.
    static var sigV4SuiteExists: Bool {
        FileManager.default.fileExists(atPath: sigV4Suite.appendingPathComponent("get-vanilla/context.json").path)
    }

    /// The helper peers (python scripts) in Tests/SharedTests/Peers.
    static let peers: URL = Peers.repositoryRoot.appendingPathComponent("Tests/SharedTests/Peers")
}

extension PeerProcess {
    /// Starts `Tests/SharedTests/Peers/<script>`; see ``PeerProcess/python(_:_:environment:)``.
    static func python(_ script: String, _ arguments: [String], environment: [String: String] = [:]) async throws -> PeerProcess {
        try await python(TestPaths.peers.appendingPathComponent(script), arguments, environment: environment)
    }
}
