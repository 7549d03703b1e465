import AppTestSupport
import Foundation
import Testing

/// `podman stop -t 10` (SIGTERM to PID 1, SIGKILL after 10 s) while a slow `/hello` is in
/// flight: the request is answered, then web and the supervisor exit 0 within the supervisor's
/// own grace period (5 s), so the engine never needs its SIGKILL. The store is DynamoDB (moto
/// on the host's 127.0.0.1) behind a proxy that holds each GetItem for 2 s.
enum StopCheck {
    static func run(_ session: ImageSession) async throws {
        try await MotoServer.with { moto in
            let proxy = try await DelayProxy(upstream: moto.endpoint, delay: 2)
            defer { proxy.stop() }
            let config = ["--volume", "\(Podman.repository)/config:/app/config:ro"]
            var environment = moto.clientEnvironment
            environment["AWS_ENDPOINT_URL_DYNAMODB"] = Podman.fromContainer(moto.endpoint)
            let provision = try await session.runRole("provision", options: config + Self.options(environment), network: Podman.network)
            try #require(provision.status == 0, "provision on moto: \(provision.output)\(provision.error)")

            environment["AWS_ENDPOINT_URL_DYNAMODB"] = Podman.fromContainer(proxy.endpoint)
            try await Container.with(session, "stop", options: config + Self.options(environment)) { web in
                try await web.waitUntilOK("/")
                try await Task.sleep(for: .seconds(DelayProxy.warmUpReads))  // see GracefulShutdownTests
                let clock = ContinuousClock()
                let asked = clock.now
                async let answer = HTTPProbe.get(web.url("/hello"))
                try await Task.sleep(for: .milliseconds(700))
                let stopping = clock.now
                let stop = try await session.podman.run(["stop", "--time", "10", web.name])
                let stopped = clock.now - stopping
                let hello = try await answer
                #expect(stop.status == 0, "\(stop.error)")
                #expect(hello.status == 200 && hello.body.contains("Hello from Formation!"), "\(hello.status) \(hello.body)")
                #expect(clock.now - asked >= .milliseconds(1900), "/hello did not wait for the proxy's 2 s")
                try await web.expectExitStatus(0)
                #expect(stopped < .seconds(5), "podman stop took \(stopped), beyond the supervisor's 5 s grace")
                let logs = await web.logs()
                let events = Container.prefixed(logs, instance: "supervisor")
                #expect(events.contains { $0.contains("sending SIGTERM") }, "\(logs)")
                #expect(events.contains { $0.hasPrefix("web.1 (pid ") && $0.hasSuffix("exited with status 0") }, "\(logs)")
                #expect(!events.contains { $0.contains("SIGKILL") }, "\(logs)")
                await Figures.shared.record("podman stop -t 10 with a /hello in flight (2 s store delay, stop sent 0.7 s in): the request answered 200, exit status 0 after \(Figures.seconds(stopped))")
            }
        }
    }

    /// `--env NAME=VALUE` for each variable, sorted.
    static func options(_ environment: [String: String]) -> [String] {
        environment.sorted { $0.key < $1.key }.flatMap { ["--env", "\($0.key)=\($0.value)"] }
    }
}
