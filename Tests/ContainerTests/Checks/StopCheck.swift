import AppTestSupport
import Foundation
import Testing

/// `podman stop -t 10` (SIGTERM to PID 1, SIGKILL after 10 s) while a slow `/hello` is in
/// flight: the request is answered, then web and the supervisor exit 0 within the supervisor's
/// own grace period (5 s), so the engine never needs its SIGKILL. The store is DynamoDB (moto
/// on the host's 127.0.0.1) behind a proxy that holds the request's GetItem until 2 s after
/// the stop was sent. It holds only once web has answered a `/hello` (its warm-up sends one
/// before `READY=1`, and the test's request would share a read the proxy delayed then).
enum StopCheck {
    static func run(_ session: ImageSession) async throws {
        try await MotoServer.with { moto in
            let proxy = try await DelayProxy(upstream: moto.endpoint, delay: 0)
            defer { proxy.stop() }
            let config = ["--volume", "\(Podman.repository)/config:/app/config:ro"]
            var environment = moto.clientEnvironment
            environment["AWS_ENDPOINT_URL_DYNAMODB"] = Podman.fromContainer(moto.endpoint)
            let provision = try await session.runRole("provision", options: config + Self.options(environment), network: Podman.network)
            try #require(provision.status == 0, "provision on moto: \(provision.output)\(provision.error)")

            environment["AWS_ENDPOINT_URL_DYNAMODB"] = Podman.fromContainer(proxy.endpoint)
            try await Container.with(session, "stop", options: config + Self.options(environment)) { web in
                try await web.waitUntilOK("/hello")
                try await proxy.hold()
                async let answer = HTTPProbe.get(web.url("/hello"))
                _ = try await proxy.waitFor { $0.held >= 1 }
                let clock = ContinuousClock()
                let stopping = clock.now
                async let stop = session.podman.run(["stop", "--time", "10", web.name])
                try await Task.sleep(for: .milliseconds(2000))
                try await proxy.release()
                let hello = try await answer
                let stopped = try await stop
                let took = clock.now - stopping
                #expect(stopped.status == 0, "\(stopped.error)")
                #expect(hello.status == 200 && hello.body.contains("Hello from Formation!"), "\(hello.status) \(hello.body)")
                try await web.expectExitStatus(0)
                #expect(took < .seconds(5), "podman stop took \(took), beyond the supervisor's 5 s grace")
                let logs = await web.logs()
                let events = Container.prefixed(logs, instance: "supervisor")
                #expect(events.contains { $0.contains("sending SIGTERM") }, "\(logs)")
                #expect(events.contains { $0.hasPrefix("web.1 (pid ") && $0.hasSuffix("exited with status 0") }, "\(logs)")
                #expect(!events.contains { $0.contains("SIGKILL") }, "\(logs)")
                await Figures.shared.record("podman stop -t 10 with a /hello in flight (its read held by the proxy until 2 s after the stop): the request answered 200, exit status 0 after \(Figures.seconds(took))")
            }
        }
    }

    /// `--env NAME=VALUE` for each variable, sorted.
    static func options(_ environment: [String: String]) -> [String] {
        environment.sorted { $0.key < $1.key }.flatMap { ["--env", "\($0.key)=\($0.value)"] }
    }
}
