import AppTestSupport
import Foundation
import Testing

extension KubePlayCheck {
    /// The exported web Deployment again, its store DynamoDB (moto on the host's 127.0.0.1)
    /// through a proxy that delays every GetItem by 2 s: `podman stop` of the web container while
    /// a /hello is in flight (see ``KubePlay/stopWebContainer``). The request is answered 200 and the container exits 0 within the supervisor's
    /// grace: terminationGracePeriodSeconds (kube play's stop timeout) is honoured for a request
    /// in flight. kube play's own `kube down` cannot show it: podman 4.3 stops with a timeout of 0.
    static func checkStopInFlight(_ play: KubePlay, _ session: ImageSession) async throws {
        try await MotoServer.with { moto in
            let proxy = try await DelayProxy(upstream: moto.endpoint, delay: 2)
            defer { proxy.stop() }
            var environment = moto.clientEnvironment
            environment["AWS_ENDPOINT_URL_DYNAMODB"] = Podman.fromContainer(moto.endpoint)
            let config = ["--volume", "\(Podman.repository)/config:/app/config:ro"]
            let provision = try await session.runRole("provision", options: config + StopCheck.options(environment), network: Podman.network)
            try #require(provision.status == 0, "provision on moto: \(provision.output)\(provision.error)")

            environment["AWS_ENDPOINT_URL_DYNAMODB"] = Podman.fromContainer(proxy.endpoint)
            try play.writeOnDynamoDB(environment)
            let played = try await play.run(KubePlay.playOnDynamoDB)
            try #require(played.status == 0, "\(played.error)\(played.output)")
            try await HTTPProbe.waitUntilOK("http://127.0.0.1:\(play.port)/")
            try await Task.sleep(for: .seconds(DelayProxy.warmUpReads))  // see GracefulShutdownTests

            let clock = ContinuousClock()
            let asked = clock.now
            async let answer = HTTPProbe.get("http://127.0.0.1:\(play.port)/hello", timeout: .seconds(30))
            try await Task.sleep(for: .milliseconds(700))
            let stopping = clock.now
            let stopped = try await play.run(KubePlay.stopWebContainer)
            let took = clock.now - stopping
            let hello = try await answer
            #expect(clock.now - asked >= .milliseconds(1900), "/hello did not wait for the proxy's 2 s")
            #expect(stopped.status == 0, "\(stopped.error)")
            #expect(hello.status == 200 && hello.body.contains("Hello from Formation!"), "the request in flight at pod stop: \(hello.status) \(hello.body)")
            let exit = try await play.succeed(KubePlay.webExit).trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(exit == "0", "web's container exited \(exit)")
            #expect(took < .seconds(5), "podman stop took \(took), beyond the supervisor's 5 s grace")
            let down = try await play.run(KubePlay.downDynamoDB)
            #expect(down.status == 0, "\(down.error)")
            await Figures.shared.record("podman stop of kube play's web container with a /hello in flight (2 s store delay, stop sent 0.7 s in): answered \(hello.status), exit status 0 after \(Figures.seconds(took))")
        }
    }
}
