import AppTestSupport
import Testing

/// A suite trait that starts one moto server for the whole suite and stops it afterwards; the
/// tests find it in ``current``.
struct MotoScope: SuiteTrait, TestScoping {
    @TaskLocal static var current: MotoServer?

    var isRecursive: Bool { false }

    func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void) async throws {
        try await MotoServer.with { server in
            try await MotoScope.$current.withValue(server) { try await function() }
        }
    }
}

extension Trait where Self == MotoScope {
    /// One moto server for the suite.
    static var moto: MotoScope { MotoScope() }
}
