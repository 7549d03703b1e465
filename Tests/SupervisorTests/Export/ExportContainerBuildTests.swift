import Foundation
import Testing

extension ExportTests {
    /// The image's build step, run here because no Docker engine runs on our machines.
    @Suite("Export container build")
    struct ExportContainerBuildTests {
        @Test("scripts/container-build.sh builds every executable product fully static, and they run")
        func build() async throws {
            let root = ExportSupport.repositoryRoot
            let output = FileManager.default.temporaryDirectory.appendingPathComponent("formation-image-\(UUID().uuidString)").path
            defer { try? FileManager.default.removeItem(atPath: output) }
            // Its own build directory, so it never waits for the lock of the one running the tests.
            let build = try await Shell.runWithStatus(
                "SCRATCH_PATH=.build-container scripts/container-build.sh '\(output)' 2>&1", directory: root)
            #expect(build.status == 0, "\(build.output.suffix(3000))")
            let products = ExportSupport.files(in: output)
            #expect(products.contains("supervisor"), "\(products)")
            for product in products {
                let linkage = try await Shell.runWithStatus("ldd '\(output)/\(product)' 2>&1")
                #expect(linkage.output.contains("not a dynamic executable") || linkage.output.contains("statically linked"),
                        "\(product) is dynamically linked: \(linkage.output)")
            }
            let version = try await Shell.runWithStatus("'\(output)/supervisor' --version")
            #expect(version.status == 0 && !version.output.isEmpty)
        }
    }
}
