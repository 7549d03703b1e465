import AppCore
import AppTestSupport
import Foundation
import Testing

/// SIGTERM to the supervisor during a slow in-flight `/hello` (a delaying proxy in front of
/// moto): the request finishes with 200 before the web processes exit 0. (A fresh-clone CI
/// saw it answered 1.64 s in: it had shared the read of web's own warm-up.)
@Suite("Graceful shutdown", .serialized)
struct GracefulShutdownTests {
    @Test("an in-flight /hello finishes with 200 after SIGTERM; web exits 0")
    func inFlightRequestFinishes() async throws {
        try await MotoServer.with { moto in
            let proxy = try await DelayProxy(upstream: moto.endpoint, delay: 2)
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
            try await HTTPProbe.waitUntilOK("\(slow.web(0))/", server: supervisor)
            try await HTTPProbe.waitUntilOK("\(slow.web(1))/", server: supervisor)
            // web's warm-up sends itself /hello before READY=1, which the proxy delays too: the
            // test's request would share a read still in flight and come back early.
            try await Task.sleep(for: .seconds(DelayProxy.warmUpReads))

            let started = Date()
            async let answer = HTTPProbe.get("\(slow.web(0))/hello")
            try await Task.sleep(for: .milliseconds(700))
            supervisor.signal(SIGTERM)
            let hello = try await answer
            #expect(hello.status == 200)
            #expect(hello.body.contains("Hello from Formation!"))
            #expect(Date().timeIntervalSince(started) >= 1.9)
            #expect(await supervisor.waitForExit(seconds: 30) == 0)
            #expect(supervisor.output.contains("web.1 (pid"), "\(supervisor.output)")
            #expect(supervisor.output.components(separatedBy: "exited with status 0").count == 3, "\(supervisor.output)")
            // New connections are refused once the server has stopped.
            #expect(await !HTTPProbe.answers("\(slow.web(0))/"))
        }
    }
}
