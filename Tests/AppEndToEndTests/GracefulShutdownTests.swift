import AppCore
import AppTestSupport
import Foundation
import Testing

/// SIGTERM to the supervisor during an in-flight `/hello` (a proxy in front of moto holds its
/// GetItem): the request finishes with 200 before the web processes exit 0. The proxy holds
/// only once both instances have answered a `/hello`: a read it delayed earlier (web's own
/// warm-up sends `/hello` before `READY=1`) would be shared by the test's request, which then
/// came back before the stop it is meant to outlive.
@Suite("Graceful shutdown", .serialized)
struct GracefulShutdownTests {
    @Test("an in-flight /hello finishes with 200 after SIGTERM; web exits 0")
    func inFlightRequestFinishes() async throws {
        try await MotoServer.with { moto in
            let proxy = try await DelayProxy(upstream: moto.endpoint, delay: 0)
            defer { proxy.stop() }
            var environment = moto.clientEnvironment
            let formation = try Formation(extra: environment)
            defer { formation.workspace.remove() }
            let provisioned = try await formation.run(["provision"])
            #expect(provisioned.status == 0, "provision: \(provisioned.error)")

            environment["AWS_ENDPOINT_URL_DYNAMODB"] = proxy.endpoint
            let slow = Formation(workspace: formation.workspace, environment: formation.environment.merging(environment) { _, new in new }, basePort: formation.basePort)
            let supervisor = try slow.start(["--timeout", "10"])
            defer { if supervisor.process.isRunning { supervisor.signal(SIGKILL) } }
            try await HTTPProbe.waitUntilOK("\(slow.web(0))/hello", server: supervisor)
            try await HTTPProbe.waitUntilOK("\(slow.web(1))/hello", server: supervisor)

            try await proxy.hold()
            async let answer = HTTPProbe.get("\(slow.web(0))/hello")
            _ = try await proxy.waitFor { $0.held >= 1 }
            supervisor.signal(SIGTERM)
            let clock = ContinuousClock()
            let signalled = clock.now
            try await Task.sleep(for: .milliseconds(1000))
            try await proxy.release()
            let hello = try await answer
            #expect(hello.status == 200)
            #expect(hello.body.contains("Hello from Formation!"))
            #expect(clock.now - signalled >= .milliseconds(1000), "/hello was answered before the proxy let its read through")
            #expect(await supervisor.waitForExit(seconds: 30) == 0)
            #expect(supervisor.output.contains("web.1 (pid"), "\(supervisor.output)")
            #expect(supervisor.output.components(separatedBy: "exited with status 0").count == 3, "\(supervisor.output)")
            // New connections are refused once the server has stopped.
            #expect(await !HTTPProbe.answers("\(slow.web(0))/"))
        }
    }
}
