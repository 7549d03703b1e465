import AppTestSupport
import Foundation
import Testing

/// The web role: the image's default command with `-p`; `/` and `/hello` on the embedded
/// store; the supervisor as PID 1 and non-root, reaping an orphan; its output in `podman logs`
/// with the instance prefixes; the ECS health check; `podman stop` of an idle web.
enum WebRoleCheck {
    static func run(_ session: ImageSession) async throws {
        let volumes = ImageSession.appVolumes(data: try session.dataFolder())
        let provision = try await session.runRole("provision", options: volumes)
        try #require(provision.status == 0, "provision: \(provision.output)\(provision.error)")

        let clock = ContinuousClock()
        let started = clock.now
        try await Container.with(session, "web", options: volumes) { web in
            try await web.waitUntilOK("/")
            await Figures.shared.record("first 200 on / \(Figures.seconds(clock.now - started)) after podman run started (web role, embedded store)")
            let root = try await HTTPProbe.get(web.url("/"))
            #expect(root.status == 200 && root.body.contains("All good"), "\(root.status) \(root.body)")
            let hello = try await HTTPProbe.get(web.url("/hello"))
            #expect(hello.status == 200 && hello.body.contains("Hello from Formation!"), "\(hello.status) \(hello.body)")

            try await checkProcesses(web)
            try await checkOrphanReaped(web)
            try await checkLogs(web)

            // The health check `supervisor export ecs` gives web, run in the container.
            let health = try await web.exec(session.commands.healthCheck.dropFirst().map { $0 })
            #expect(session.commands.healthCheck.first == "CMD" && health.status == 0, "\(session.commands.healthCheck): \(health.status.map(String.init) ?? "timeout") \(health.error)")

            let stopping = clock.now
            try await session.podman.succeed(["stop", "--time", "10", web.name])
            let stopped = clock.now - stopping
            try await web.expectExitStatus(0)
            #expect(stopped < .seconds(5), "podman stop took \(stopped), beyond the supervisor's 5 s grace")
            await Figures.shared.record("podman stop -t 10 of an idle web: exit status 0 after \(Figures.seconds(stopped))")
        }
    }

    /// PID 1 is the supervisor as user 10001; web is its child, as 10001 too; no zombie.
    static func checkProcesses(_ web: Container) async throws {
        let processes = try await web.processes()
        let first = processes.first { $0.pid == 1 }
        #expect(first?.name == "supervisor" && first?.uid == Int(ImageSession.userID), "PID 1: \(processes)")
        #expect(processes.contains { $0.name == "web" && $0.parent == 1 && $0.uid == Int(ImageSession.userID) }, "\(processes)")
        #expect(!processes.contains { $0.uid == 0 }, "a process runs as root: \(processes)")
        #expect(!processes.contains { $0.state == "Z" }, "\(processes)")
    }

    /// A process whose parent exits is re-parented to PID 1; the supervisor must reap it when it
    /// exits, or it stays a zombie. `podman exec`'s shell leaves a `sleep 3` behind.
    static func checkOrphanReaped(_ web: Container) async throws {
        let spawned = try await web.exec(["sh", "-c", "sleep 3 >/dev/null 2>&1 & echo $!"])
        let orphan = try #require(Int(spawned.output.trimmingCharacters(in: .whitespacesAndNewlines)), "\(spawned.output)\(spawned.error)")
        let adopted = try await web.processes()
        #expect(adopted.contains { $0.pid == orphan && $0.parent == 1 }, "the orphan \(orphan) under PID 1: \(adopted)")
        var processes = adopted
        let deadline = Date().addingTimeInterval(10)
        repeat {
            try await Task.sleep(for: .milliseconds(200))
            processes = try await web.processes()
        } while processes.contains(where: { $0.pid == orphan }) && Date() < deadline
        #expect(!processes.contains { $0.pid == orphan }, "the orphan \(orphan) was not reaped: \(processes)")
        #expect(!processes.contains { $0.state == "Z" }, "a zombie remains: \(processes)")
    }

    /// The terminal sink, chosen automatically (no journald in a container), writes the
    /// supervisor's events and web's lines with their prefixes to the container's output.
    static func checkLogs(_ web: Container) async throws {
        let logs = await web.logs { Container.prefixed($0, instance: "web.1").contains { $0.contains("/hello") } }
        let supervisor = Container.prefixed(logs, instance: "supervisor")
        #expect(supervisor.contains { $0.hasPrefix("spawned web.1 (pid ") && $0.hasSuffix(", port 5000)") }, "podman logs:\n\(logs)")
        #expect(Container.prefixed(logs, instance: "web.1").contains { $0.contains("/hello") }, "no web.1 line about /hello in podman logs:\n\(logs)")
        #expect(!logs.contains("journald"), "the supervisor looked for journald: \(logs)")
        #expect(!logs.contains("\u{1B}["), "colours on a non-terminal: \(logs)")
    }
}
