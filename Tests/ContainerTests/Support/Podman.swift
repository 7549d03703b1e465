import AppTestSupport
import PeerSupport
import Foundation

/// `scripts/podman.sh` (podman with this machine kind's settings: runc, cgroupfs, no default
/// ulimits) on a store of its own, so a test run never touches the machine's images and
/// containers, and everything it made goes with the store's folder.
struct Podman: Sendable {
    /// The store's folder (`FORMATION_PODMAN_STORE`).
    let store: String

    /// What one podman command did.
    typealias Result = Command.Result

    /// Containers get the network of slirp4netns, a user-space stack: a published port is a
    /// listener on the host's 127.0.0.1, and the container reaches the host's loopback at
    /// 10.0.2.2 (moto and the delaying proxy). No bridge, address or NAT rule is added to the
    /// machine, so there is no network to remove afterwards.
    static let network = "slirp4netns:port_handler=slirp4netns,allow_host_loopback=true"
    /// The host's 127.0.0.1 as a container on that network sees it.
    static let hostLoopback = "10.0.2.2"

    /// A URL of a server on the host's 127.0.0.1 as a container on that network reaches it.
    static func fromContainer(_ url: String) -> String {
        url.replacingOccurrences(of: "//127.0.0.1:", with: "//\(hostLoopback):")
    }

    /// The repository (scripts/, Dockerfile, config/).
    static let repository = Peers.repositoryRoot.path

    /// The environment of podman and the image script: this process's, without AWS settings.
    var environment: [String: String] {
        TestEnvironment.withoutAWS(extra: ["FORMATION_PODMAN_STORE": store])
    }

    /// Runs `scripts/podman.sh ARGS` to completion.
    func run(_ arguments: [String], seconds: Double = 120) async throws -> Result {
        try await Command.run(Self.repository + "/scripts/podman.sh", arguments, directory: Self.repository, environment: environment, seconds: seconds)
    }

    /// Runs `scripts/podman.sh ARGS` and returns its stdout; throws unless it exits 0.
    @discardableResult
    func succeed(_ arguments: [String], seconds: Double = 120) async throws -> String {
        let result = try await run(arguments, seconds: seconds)
        guard result.status == 0 else {
            throw TestSupportError("podman \(arguments.joined(separator: " ")) exited \(result.status.map(String.init) ?? "on timeout"): \(result.error)\(result.output)")
        }
        return result.output
    }
}
