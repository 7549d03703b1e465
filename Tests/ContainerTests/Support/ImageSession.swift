import AppTestSupport
import Foundation
import Testing

/// The image of one test run, in a podman store of its own (under a temporary folder that also
/// holds the containers' data folders).
struct ImageSession: Sendable {
    /// The session of the running test (set by ``BuiltImage``).
    @TaskLocal static var current: ImageSession?

    let podman: Podman
    /// The image's tag.
    let image: String
    /// The temporary folder: the store, data folders.
    let folder: String
    /// What the exports run for each type (read from the image's own `supervisor export`).
    var commands = RoleCommands()

    /// The command the exports give `type`; throws when they give none.
    func command(_ type: String) throws -> [String] {
        guard let command = commands.ecs[type] else { throw TestSupportError("supervisor export ecs wrote no command for \(type)") }
        return command
    }

    /// A new folder's path for a podman store, short and directly in /tmp whatever TMPDIR says:
    /// podman refuses a run root (FOLDER/store/run) longer than 50 characters, and slirp4netns
    /// an API socket (FOLDER/store/tmp/CONTAINER-ID.net) of 108 or more.
    static func newFolderPath(_ purpose: String) -> String {
        "/tmp/fpod-\(purpose.prefix(1))\(UUID().uuidString.prefix(8).lowercased())"
    }

    /// The image's user and group (the Dockerfile's USER, the exports' runAsUser).
    static let userID: UInt32 = 10001

    /// A new empty folder owned by the image's user, for /app/var (the embedded store).
    func dataFolder() throws -> String {
        let path = folder + "/data-\(UUID().uuidString.prefix(8).lowercased())"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        guard chown(path, Self.userID, Self.userID) == 0 else { throw TestSupportError("chown \(path) failed: errno \(errno)") }
        return path
    }

    /// The volumes of a role on the embedded store: `data` as /app/var (where the default
    /// STORE_URL, sqlite:var/formation.sqlite, lives) and the repository's config/ read-only as
    /// /app/config (the default CONFIG_SOURCE, file:config/app-config.json).
    static func appVolumes(data: String) -> [String] {
        ["--volume", "\(data):/app/var", "--volume", "\(Podman.repository)/config:/app/config:ro"]
    }
}

/// A trait for the engine test: around the whole test (all of its cases, once) it builds the
/// image into a new store, and afterwards removes every container and image, unmounts what the
/// store left mounted and deletes the folder; anything left behind is an issue.
struct BuiltImage: TestTrait, TestScoping {
    func scopeProvider(for test: Test, testCase: Test.Case?) -> Self? { testCase == nil ? self : nil }

    func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void) async throws {
        let folder = ImageSession.newFolderPath("test")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let podman = Podman(store: folder + "/store")
        do {
            let tag = "localhost/formation:test-\(UUID().uuidString.prefix(8).lowercased())"
            // scripts/container-image.sh's steps with their times.
            print(try await ContainerArtefacts.shared.buildImage(tag, in: podman))
            var session = ImageSession(podman: podman, image: tag, folder: folder)
            session.commands = try await RoleCommands.export(session)
            try await ImageSession.$current.withValue(session) { try await function() }
            print(await Figures.shared.report())
        } catch {
            await Self.clean(folder, podman)
            throw error
        }
        await Self.clean(folder, podman)
    }

    /// Removes what the session made; records an issue for anything that had to be forced.
    static func clean(_ folder: String, _ podman: Podman) async {
        _ = try? await podman.run(["rm", "--all", "--force", "--time", "0"])
        _ = try? await podman.run(["rmi", "--all", "--force"])
        let lingering = HostProcesses.mentioning(podman.store)
        if !lingering.isEmpty {
            Issue.record("processes of the test's podman store still ran after podman rm --all: \(lingering)")
            for pid in lingering { kill(pid, SIGKILL) }
        }
        // Whatever is still mounted in the folder (a layer of a container podman failed to clean
        // up, or the storage driver's own mount of its folder) would keep it from being deleted.
        for mount in HostProcesses.mounts(under: folder) {
            if mount.contains("/merged") { Issue.record("a container's root file system was still mounted: \(mount)") }
            umount2(mount, Int32(MNT_DETACH))
        }
        do {
            try FileManager.default.removeItem(atPath: folder)
        } catch {
            Issue.record("the test's podman folder \(folder) could not be removed: \(error)")
        }
    }
}

extension ImageSession {
    /// `podman run --rm` of the image with the command the exports give `type` (an admin role
    /// runs to completion this way); `network` none unless it must reach the host.
    func runRole(_ type: String, options: [String], network: String = "none") async throws -> Podman.Result {
        try await podman.run(["run", "--rm", "--network", network] + options + [image] + command(type))
    }
}
