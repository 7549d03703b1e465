import AppTestSupport
import Foundation
import Testing

/// `podman kill -s KILL`: the supervisor (PID 1) dies without any shutdown, the kernel kills
/// the rest of its PID namespace, and nothing is left on the host: no process of the container,
/// no conmon, no listener on the published port, and after `podman rm` no mount.
enum KillCheck {
    static func run(_ session: ImageSession) async throws {
        let volumes = ImageSession.appVolumes(data: try session.dataFolder())
        try await Container.with(session, "kill", options: volumes) { web in
            try await web.waitUntilOK("/")
            let id = try await web.inspect("{{.Id}}")
            let pid = try #require(Int32(try await web.inspect("{{.State.Pid}}")))
            let conmon = try #require(Int32(try await web.inspect("{{.State.ConmonPid}}")))
            let namespace = try #require(HostProcesses.pidNamespace(of: pid))
            let inside = HostProcesses.inNamespace(namespace)
            #expect(inside.count >= 2, "supervisor and web on the host: \(inside)")

            try await session.podman.succeed(["kill", "--signal", "KILL", web.name])
            let status = try await session.podman.succeed(["wait", web.name]).trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(status == "137", "podman wait: \(status)")

            let deadline = Date().addingTimeInterval(15)
            while Date() < deadline && (HostProcesses.exists(conmon) || !HostProcesses.inNamespace(namespace).isEmpty || Listener.accepts(web.port)) {
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(inside.allSatisfy { !HostProcesses.exists($0) }, "still on the host: \(inside.filter(HostProcesses.exists))")
            #expect(HostProcesses.inNamespace(namespace).isEmpty)
            #expect(!HostProcesses.exists(conmon), "conmon \(conmon) still runs")
            #expect(HostProcesses.mentioning(web.name).isEmpty, "processes naming \(web.name): \(HostProcesses.mentioning(web.name))")
            #expect(!Listener.accepts(web.port), "127.0.0.1:\(web.port) still accepts connections")

            try await session.podman.succeed(["rm", web.name])
            let mounts = HostProcesses.mounts(under: "/").filter { $0.contains(id) }
            #expect(mounts.isEmpty, "mounts of container \(id): \(mounts)")
        }
    }
}
