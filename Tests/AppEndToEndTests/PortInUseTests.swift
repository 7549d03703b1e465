import AppTestSupport
import Foundation
import Testing

/// A port already taken: the instance that cannot listen says so in one line naming the address
/// and what to do, and the formation stops with its failure instead of serving half its ports.
@Suite("a port in use")
struct PortInUseTests {
    @Test("web.2's port held by another process: web.2 names the port and the fix, the supervisor exits 1")
    func secondPortTaken() async throws {
        let formation = try Formation()
        defer { formation.workspace.remove() }
        let provisioned = try await formation.run(["provision"])
        #expect(provisioned.status == 0, "provision: \(provisioned.error)")
        let holder = try ChildProcess(
            "/usr/bin/python3", ["-c", "import socket,time; s=socket.socket(); s.bind(('0.0.0.0', \(formation.basePort + 1))); s.listen(); print('held', flush=True); time.sleep(60)"],
            directory: formation.workspace.path, environment: ProcessInfo.processInfo.environment)
        defer { holder.signal(SIGKILL) }
        #expect(await holder.waitFor("held"))

        let supervisor = try formation.start()
        defer { if supervisor.process.isRunning { supervisor.signal(SIGKILL) } }
        #expect(await supervisor.waitForExit(seconds: 30) == 1, "\(supervisor.output)")
        let line = supervisor.output.split(separator: "\n").first { $0.hasPrefix("web.2") && $0.contains("the server failed") }
        #expect(line?.contains("cannot listen on 0.0.0.0:\(formation.basePort + 1): the port is in use by another process; stop it, or give this process another PORT (supervisor start --port BASE)") == true, "\(supervisor.output)")
    }
}
