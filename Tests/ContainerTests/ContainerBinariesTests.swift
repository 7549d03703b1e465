import AppTestSupport
import Foundation
import Testing

/// The image's build step on its own (no engine needed): scripts/container-build.sh.
@Suite("Container binaries")
struct ContainerBinariesTests {
    static let products = ["backup-job", "dashboard", "provision", "supervisor", "web"]

    @Test("scripts/container-build.sh: every executable product static and stripped, its debug info and symbols apart and usable, and it runs")
    func binaries() async throws {
        let built = try await ContainerArtefacts.shared.builtBinaries()
        let names = (try FileManager.default.contentsOfDirectory(atPath: built.directory)).sorted()
        #expect(names == Self.products, "\(names)\n\(built.log)")
        for product in names {
            let binary = "\(built.directory)/\(product)"
            let debug = "\(built.debugDirectory)/\(product).debug"
            let linkage = try await Self.shell("ldd '\(binary)' 2>&1 || true")
            #expect(linkage.contains("not a dynamic executable") || linkage.contains("statically linked"), "\(product) is dynamically linked: \(linkage)")
            let sections = try await Self.shell("readelf -S -W '\(binary)'")
            #expect(!sections.contains(".debug_info"), "\(product) still carries its debug info")
            #expect(!sections.contains(".symtab") && sections.contains(".gnu_debuglink"), "\(product): \(sections)")
            let link = try await Self.shell("readelf -p .gnu_debuglink '\(binary)'")
            #expect(link.contains("\(product).debug"), "\(product)'s .gnu_debuglink: \(link)")
            let debugSections = try await Self.shell("readelf -S -W '\(debug)'")
            #expect(debugSections.contains(".debug_info") && debugSections.contains(".debug_line") && debugSections.contains(".symtab"), "\(debug): \(debugSections)")
            // The debug file turns an address (the same in the stripped binary) into a source line.
            let main = try await Self.shell("nm '\(debug)' | awk '$3 == \"main\" { print $1 }'").trimmingCharacters(in: .whitespacesAndNewlines)
            let line = try await Self.shell("addr2line -e '\(debug)' 0x\(main)")
            #expect(!main.isEmpty && line.contains(".swift:"), "\(product): main at \(main) -> \(line)")
        }
        let version = try await Command.run("\(built.directory)/supervisor", ["--version"], directory: "/", environment: TestEnvironment.withoutAWS())
        #expect(version.status == 0 && !version.output.isEmpty, "\(version.error)")
    }

    static func shell(_ command: String) async throws -> String {
        let result = try await Command.run("/bin/sh", ["-c", command], directory: "/", environment: TestEnvironment.withoutAWS())
        guard result.status == 0 else { throw TestSupportError("\(command) exited \(result.status.map(String.init) ?? "on timeout"): \(result.error)") }
        return result.output
    }
}
