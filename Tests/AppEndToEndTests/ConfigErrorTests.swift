import AppTestSupport
import Foundation
import PeerSupport
import Testing

/// Every process of the app reports every bad variable of its environment in one run, one line
/// each, and exits with EX_CONFIG (78).
@Suite("configuration errors: all at once", .ownThread)
struct ConfigErrorTests {
    static let bad = [
        "STORE_URL": "redis://cache", "CONFIG_SOURCE": "appconfig://formation/prod/main", "AWS_MAX_ATTEMPTS": "lots",
    ]

    @Test("web, backup-job and provision each name STORE_URL, AWS_REGION and AWS_MAX_ATTEMPTS in one run (web also PORT, ITEM_CACHE_TTL and STORE_MAX_INFLIGHT)", arguments: ["web", "backup-job", "provision"])
    func allAtOnce(executable: String) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("formation-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let extra = executable == "web" ? ["PORT": "http", "ITEM_CACHE_TTL": "soon", "STORE_MAX_INFLIGHT": "0"] : [:]
        let result = try await ChildProcess.run(
            BuiltBinaries.path(executable), [], directory: directory.path,
            environment: TestEnvironment.withoutAWS(extra: Self.bad.merging(extra) { $1 }), seconds: 60)
        #expect(result.status == 78, "\(result.output)\(result.error)")
        let lines = (result.output + result.error).split(separator: "\n")
        var variables = ["STORE_URL", "AWS_REGION", "AWS_MAX_ATTEMPTS"]
        if executable == "web" { variables += ["PORT", "ITEM_CACHE_TTL", "STORE_MAX_INFLIGHT"] }
        for variable in variables {
            #expect(lines.filter { $0.contains("\(variable): expected") }.count == 1, "\(variable) once in:\n\(lines.joined(separator: "\n"))")
        }
    }
}
