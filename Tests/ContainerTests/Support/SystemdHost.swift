import AppTestSupport
import Foundation
import Testing

/// A container whose PID 1 is systemd (scripts/systemd-host-image.sh: Debian 12 with systemd,
/// libsqlite3-0, libsystemd0 and curl), run as docs/deploy.md's "Try the systemd export in a
/// container" runs it: the image's static binaries read-only in /opt/formation/bin, the
/// repository read-only in /opt/formation/src, and the web port 5000 published on the host's
/// 127.0.0.1.
struct SystemdHost: Sendable {
    let podman: Podman
    let name: String
    /// The host port that reaches the container's 5000.
    let port: Int

    /// The image's tag in the session's store.
    static let tag = "localhost/formation-systemd:bookworm"
    /// The root file system takes minutes the first time (debootstrap), seconds after (cached).
    static let imageSeconds = 1200.0

    /// The URL of `path` through the published port.
    func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

    /// Makes the image in the session's store with scripts/systemd-host-image.sh; its report.
    static func image(_ session: ImageSession) async throws -> String {
        let result = try await Command.run(
            Podman.repository + "/scripts/systemd-host-image.sh", [tag], directory: Podman.repository,
            environment: session.podman.environment, seconds: imageSeconds)
        guard result.status == 0, result.output.trimmingCharacters(in: .whitespacesAndNewlines) == tag else {
            throw TestSupportError("scripts/systemd-host-image.sh exited \(result.status.map(String.init) ?? "on timeout"):\n\(result.error.suffix(4000))\(result.output)")
        }
        return result.error.split(separator: "\n").filter { $0.hasPrefix("systemd-host-image:") }.joined(separator: "\n")
    }

    /// Starts the host with the image's binaries from `binaries`, and waits until systemd says
    /// the system is running; runs `body` and removes the container afterwards, also on failure.
    static func with<T>(_ session: ImageSession, binaries: String, _ body: (SystemdHost) async throws -> T) async throws -> T {
        let port = try FreePort.find()
        let name = "formation-systemd-\(UUID().uuidString.prefix(8).lowercased())"
        try await session.podman.succeed(
            ["run", "--detach", "--name", name, "--systemd=always", "--network", Podman.network, "--publish", "127.0.0.1:\(port):5000",
             "--volume", "\(binaries):/opt/formation/bin:ro", "--volume", "\(Podman.repository):/opt/formation/src:ro", tag])
        let host = SystemdHost(podman: session.podman, name: name, port: port)
        do {
            // `--wait` cannot wait for a systemd whose private socket is not there yet (right after
            // `podman run`: "Failed to connect to bus"), so first wait for the socket.
            let state = try await host.shell("timeout 60 sh -c 'until [ -S /run/systemd/private ]; do sleep 0.1; done; systemctl is-system-running --wait' || true")
            guard state.output.trimmingCharacters(in: .whitespacesAndNewlines) == "running" else {
                throw TestSupportError("systemd in \(name) is \(state.output) \(state.error); failed units:\n\(try await host.shell("systemctl --failed --no-pager").output)")
            }
            let result = try await body(host)
            await host.remove()
            return result
        } catch {
            await host.remove()
            throw error
        }
    }

    /// `sh -c SCRIPT` in the container, as root.
    func shell(_ script: String, seconds: Double = 120) async throws -> Podman.Result {
        try await podman.run(["exec", name, "sh", "-c", script], seconds: seconds)
    }

    /// `sh -c SCRIPT`; its stdout, trimmed; throws unless it exits 0.
    @discardableResult
    func succeed(_ script: String, seconds: Double = 120) async throws -> String {
        let result = try await shell(script, seconds: seconds)
        guard result.status == 0 else {
            throw TestSupportError("in \(name): \(script)\nexited \(result.status.map(String.init) ?? "on timeout"): \(result.error)\(result.output)")
        }
        return result.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// `systemctl show -p PROPERTY --value UNIT`.
    func property(_ property: String, of unit: String) async throws -> String {
        try await succeed("systemctl show -p \(property) --value \(unit)")
    }

    /// The last lines of `unit`'s journal, for failure messages.
    func journal(_ unit: String) async -> String {
        (try? await shell("journalctl -u \(unit) -o cat --no-pager | tail -30").output) ?? "(journalctl did not run)"
    }

    /// Removes the container (systemd stops on SIGRTMIN+3; SIGKILL at once here).
    func remove() async {
        _ = try? await podman.run(["rm", "--force", "--time", "0", name])
    }
}
