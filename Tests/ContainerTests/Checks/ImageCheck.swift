import AppTestSupport
import Foundation
import Testing

/// The image itself: its ENTRYPOINT and CMD against what `supervisor export ecs` and
/// `kubernetes` run, the binaries it ships, and its size beside its base's.
enum ImageCheck {
    static func run(_ session: ImageSession) async throws {
        let commands = session.commands
        #expect(commands.entryPointOverrides.isEmpty, "the exports replace the image's ENTRYPOINT: \(commands.entryPointOverrides)")
        #expect(commands.kubernetes == commands.ecs, "kubernetes \(commands.kubernetes) vs ecs \(commands.ecs)")
        // The grace period both exports give the supervisor by default (their -t 5).
        #expect(commands.ecs["web"] == ["start", "-t", "5", "web"], "\(commands.ecs)")
        #expect(commands.ecs["backup-job"] == ["run", "-t", "5", "backup-job"], "\(commands.ecs)")
        #expect(commands.ecs["provision"] == ["run", "-t", "5", "provision"], "\(commands.ecs)")

        let config = try await ImageConfig.read(session)
        #expect(config.entrypoint == ["supervisor"])
        // The image's default command is the web role as the exports run it.
        #expect(config.cmd == commands.ecs["web"], "CMD \(config.cmd) vs export \(commands.ecs["web"] ?? [])")
        #expect(config.user == "10001:10001")
        #expect(config.workingDir == "/app")
        #expect(config.env.contains("BIN_DIR=/usr/local/bin") && config.env.contains("PORT=5000"), "\(config.env)")

        // /usr/local/bin holds exactly the stripped binaries of container-build.sh, no debug info.
        let binaries = try await ContainerArtefacts.shared.builtBinaries()
        let listing = try await session.podman.succeed(
            ["run", "--rm", "--network", "none", "--entrypoint", "sh", session.image, "-c", "cd /usr/local/bin && sha256sum *"])
        let inImage = Set(listing.split(separator: "\n").map(String.init))
        let built = try await Self.sums(binaries.directory)
        #expect(inImage == built, "in the image:\n\(listing)\nbuilt:\n\(built.sorted().joined(separator: "\n"))")

        let base = try await ImageConfig.read(session, image: "localhost/formation-base:bookworm-slim")
        var bytes = 0
        for name in (try? FileManager.default.contentsOfDirectory(atPath: binaries.directory)) ?? [] {
            bytes += (try? FileManager.default.attributesOfItem(atPath: "\(binaries.directory)/\(name)")[.size] as? Int) ?? 0
        }
        await Figures.shared.record(
            "image \(Figures.megabytes(config.size)) (its base, debootstrapped bookworm slimmed like debian:bookworm-slim: "
                + "\(Figures.megabytes(base.size)); the stripped binaries: \(Figures.megabytes(bytes)))")
    }

    /// `sha256sum *` of a folder, as lines.
    static func sums(_ folder: String) async throws -> Set<String> {
        let result = try await Command.run("/bin/sh", ["-c", "sha256sum *"], directory: folder, environment: TestEnvironment.withoutAWS())
        guard result.status == 0 else { throw TestSupportError("sha256sum in \(folder): \(result.error)") }
        return Set(result.output.split(separator: "\n").map(String.init))
    }
}
