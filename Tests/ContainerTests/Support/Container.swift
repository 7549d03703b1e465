import AppTestSupport
import Foundation
import Testing

/// A container of the image started detached, with the web port (5000) published on the host's
/// 127.0.0.1.
struct Container: Sendable {
    let podman: Podman
    let name: String
    /// The host port that reaches the container's 5000.
    let port: Int

    /// The URL of `path` through the published port.
    func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

    /// `podman run --detach` of `image` with `options` and `command` (none: the image's CMD).
    static func start(_ session: ImageSession, _ role: String, options: [String] = [], command: [String] = []) async throws -> Container {
        let port = try FreePort.find()
        let name = "formation-\(role)-\(UUID().uuidString.prefix(8).lowercased())"
        try await session.podman.succeed(
            ["run", "--detach", "--name", name, "--network", Podman.network, "--publish", "127.0.0.1:\(port):5000"]
                + options + [session.image] + command)
        return Container(podman: session.podman, name: name, port: port)
    }

    /// Polls `path` until it answers 200; the time that took. Throws after `seconds`, with the
    /// container's log.
    @discardableResult
    func waitUntilOK(_ path: String = "/", seconds: Double = 60) async throws -> Duration {
        let clock = ContinuousClock()
        let started = clock.now
        while clock.now - started < .seconds(seconds) {
            if let answer = try? await HTTPProbe.get(url(path), timeout: .seconds(1)), answer.status == 200 { return clock.now - started }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw TestSupportError("\(url(path)) did not answer 200 within \(seconds) s; podman logs:\n\(await logs())")
    }

    /// `podman exec NAME ARGS` (as the image's user).
    func exec(_ arguments: [String]) async throws -> Podman.Result {
        try await podman.run(["exec", name] + arguments)
    }

    /// `podman inspect --format FORMAT NAME`, trimmed.
    func inspect(_ format: String) async throws -> String {
        try await podman.succeed(["inspect", "--format", format, name]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// What the container wrote (`podman logs`: its stdout, then its stderr).
    func logs() async -> String {
        guard let result = try? await podman.run(["logs", name]) else { return "(podman logs did not run)" }
        return result.output + result.error
    }

    /// Removes the container, stopping it with SIGKILL if it still runs.
    func remove() async {
        _ = try? await podman.run(["rm", "--force", "--time", "0", name])
    }

    /// Runs `body` with a started container and removes the container afterwards, also when
    /// `body` throws.
    static func with<T>(
        _ session: ImageSession, _ role: String, options: [String] = [], command: [String] = [],
        _ body: (Container) async throws -> T
    ) async throws -> T {
        let container = try await start(session, role, options: options, command: command)
        do {
            let result = try await body(container)
            await container.remove()
            return result
        } catch {
            await container.remove()
            throw error
        }
    }
}

extension Container {
    /// Records an issue, with the container's log, unless it exited with `status`.
    func expectExitStatus(_ status: Int, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let code = try await inspect("{{.State.ExitCode}}")
        if code != String(status) {
            let logs = await logs()
            Issue.record("\(name) exited with \(code), not \(status); podman logs:\n\(logs)", sourceLocation: sourceLocation)
        }
    }
}
