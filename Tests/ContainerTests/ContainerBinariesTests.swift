import AppTestSupport
import Foundation
import Testing

/// The image's build step on its own (no engine needed): scripts/container-build.sh.
@Suite("Container binaries")
struct ContainerBinariesTests {
    static let products = ["backup-job", "dashboard", "provision", "supervisor", "web"]
    /// The one product that links nothing at all (PID 1 of the image; it speaks systemd's
    /// protocols itself).
    static let fullyStatic = "supervisor"
    /// What an app process may load: glibc's libraries, the C++ runtime the Swift runtime needs,
    /// zlib (NIO's HTTP compression), libsystemd and SQLite, all from the image's Debian (the
    /// Swift runtime itself is inside).
    static let allowedLibraries: Set<String> = [
        "ld-linux-x86-64.so.2", "libc.so.6", "libm.so.6", "libdl.so.2", "libpthread.so.0", "librt.so.1",
        "libstdc++.so.6", "libgcc_s.so.1", "libz.so.1", "libsystemd.so.0", "libsqlite3.so.0",
    ]

    @Test("scripts/container-build.sh: the supervisor fully static, the apps with the static Swift runtime against glibc and libsystemd; stripped, debug info and symbols apart and usable, and they run")
    func binaries() async throws {
        let built = try await ContainerArtefacts.shared.builtBinaries()
        let names = (try FileManager.default.contentsOfDirectory(atPath: built.directory)).sorted()
        #expect(names == Self.products, "\(names)\n\(built.log)")
        for product in names {
            let binary = "\(built.directory)/\(product)"
            let debug = "\(built.debugDirectory)/\(product).debug"
            let linkage = try await Self.shell("ldd '\(binary)' 2>&1 || true")
            let needed = try await Self.needed(binary)
            if product == Self.fullyStatic {
                #expect(linkage.contains("not a dynamic executable") || linkage.contains("statically linked"), "\(product) is dynamically linked: \(linkage)")
                #expect(needed.isEmpty, "\(product) needs \(needed)")
            } else {
                // The dashboard speaks no systemd protocol; the app processes do, through libsystemd.
                if product != "dashboard" {
                    #expect(needed.contains("libsystemd.so.0"), "\(product) does not link libsystemd: \(needed)")
                }
                #expect(needed.isSubset(of: Self.allowedLibraries), "\(product) needs \(needed.subtracting(Self.allowedLibraries).sorted())")
                #expect(!linkage.contains("libswiftCore") && !linkage.contains("libFoundation") && !linkage.contains("not found"), "\(product): \(linkage)")
            }
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
        // The apps load on this Debian: a bad variable is reported (exit 78), which takes the
        // dynamic loader, the static Swift runtime and libsystemd's symbols to get to.
        for product in ["web", "backup-job", "provision"] {
            let run = try await Command.run("\(built.directory)/\(product)", [], directory: "/", environment: TestEnvironment.withoutAWS(extra: ["STORE_URL": "redis://cache", "PORT": "http"]))
            #expect(run.status == 78, "\(product) exited \(run.status.map(String.init) ?? "on timeout"): \(run.output) \(run.error)")
        }
    }

    /// The libraries a binary names in its dynamic section (`readelf -d`, NEEDED).
    static func needed(_ binary: String) async throws -> Set<String> {
        let dynamic = try await shell("readelf -d -W '\(binary)' 2>&1 || true")
        return Set(dynamic.split(separator: "\n").filter { $0.contains("(NEEDED)") }.compactMap { line in
            line.split(separator: "[").last?.split(separator: "]").first.map(String.init)
        })
    }

    static func shell(_ command: String) async throws -> String {
        let result = try await Command.run("/bin/sh", ["-c", command], directory: "/", environment: TestEnvironment.withoutAWS())
        guard result.status == 0 else { throw TestSupportError("\(command) exited \(result.status.map(String.init) ?? "on timeout"): \(result.error)") }
        return result.output
    }
}
