import AppTestSupport
import Foundation

/// What the image is made of, made once per test process and in order: the static binaries
/// (`scripts/container-build.sh`, the Dockerfile's build step, into `.build-container/image`),
/// then an image of them (`scripts/container-image.sh --prebuilt`).
actor ContainerArtefacts {
    static let shared = ContainerArtefacts()

    /// The binaries and their debug info.
    struct Binaries: Sendable {
        /// `.build-container/image/bin`: what the image's prebuilt stage copies.
        let directory: String
        /// `.build-container/image/debug`: PRODUCT.debug for each binary.
        let debugDirectory: String
        /// The build's own output (its last lines), for failure messages.
        let log: String
    }

    static let work = Podman.repository + "/.build-container/image"
    /// A cold static release build of four products takes many minutes on two cores.
    static let buildSeconds = 3600.0

    private var binaries: Task<Binaries, Error>?

    /// The binaries, built on the first call.
    func builtBinaries() async throws -> Binaries {
        if let binaries { return try await binaries.value }
        let task = Task { try await Self.build() }
        binaries = task
        return try await task.value
    }

    private static func build() async throws -> Binaries {
        let binaries = Binaries(directory: work + "/bin", debugDirectory: work + "/debug", log: "")
        let result = try await Command.run(
            "/bin/sh", ["-c", "SCRATCH_PATH=.build-container scripts/container-build.sh '\(binaries.directory)' '\(binaries.debugDirectory)' 2>&1"],
            directory: Podman.repository, environment: TestEnvironment.withoutAWS(), seconds: buildSeconds)
        guard result.status == 0 else {
            throw TestSupportError("scripts/container-build.sh exited \(result.status.map(String.init) ?? "on timeout"):\n\(result.output.suffix(4000))")
        }
        return Binaries(directory: binaries.directory, debugDirectory: binaries.debugDirectory, log: String(result.output.suffix(4000)))
    }

    /// Builds the image `tag` in `podman`'s store with `scripts/container-image.sh`; returns its
    /// report (one line per step, with times).
    func buildImage(_ tag: String, in podman: Podman) async throws -> String {
        _ = try await builtBinaries()
        let result = try await Command.run(
            Podman.repository + "/scripts/container-image.sh", ["--prebuilt", tag],
            directory: Podman.repository, environment: podman.environment, seconds: Self.buildSeconds)
        guard result.status == 0, result.output.trimmingCharacters(in: .whitespacesAndNewlines) == tag else {
            throw TestSupportError("scripts/container-image.sh exited \(result.status.map(String.init) ?? "on timeout"):\n\(result.error.suffix(4000))\(result.output)")
        }
        return result.error.split(separator: "\n").filter { $0.hasPrefix("container-image:") }.joined(separator: "\n")
    }
}
