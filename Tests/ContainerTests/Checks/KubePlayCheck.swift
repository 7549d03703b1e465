import AppTestSupport
import Foundation
import Testing

/// `supervisor export kubernetes` of this repository (its Procfile, its `.env`: the embedded
/// store `sqlite:var/formation.sqlite` and `CONFIG_SOURCE=file:config/app-config.json`), played
/// in `podman kube play` as docs/deploy.md's section shows: the claim and the ConfigMap the
/// export writes for them, provision's and backup-job's job templates as pods (exit 0), web's
/// Deployment and Service answering /hello through its published port, its readinessProbe and
/// livenessProbe (kube play's health check) passing, and web stopping with exit 0 within its
/// grace (`podman pod stop`, then `podman kube down`), also with a request in flight
/// (``checkStopInFlight(_:_:)``).
enum KubePlayCheck {
    static func run(_ session: ImageSession) async throws {
        try checkDocs()
        let binaries = try await ContainerArtefacts.shared.builtBinaries()
        let folder = session.folder + "/kube-\(UUID().uuidString.prefix(8).lowercased())"
        let play = KubePlay(podman: session.podman, image: session.image, folder: folder, port: try FreePort.find(), binaries: binaries.directory)
        do {
            try await check(play)
            try await checkStopInFlight(play, session)
        } catch {
            await play.cleanUp()
            throw error
        }
        await play.cleanUp()
    }

    static func check(_ play: KubePlay) async throws {
        let exported = try await play.run(KubePlay.export)
        try #require(exported.status == 0, "\(exported.error)")
        let files = try FileManager.default.contentsOfDirectory(atPath: play.folder).sorted()
        #expect(files.contains("formation-store-persistentvolumeclaim.yaml") && files.contains("formation-config-configmap.yaml"), "\(files)")
        #expect(exported.error.contains("warning: kubernetes: STORE_URL=sqlite:var/formation.sqlite is a file"), "\(exported.error)")
        for line in [KubePlay.makeLocal, KubePlay.jobPods, KubePlay.localWeb, KubePlay.webWithService] { try await play.succeed(line) }

        try await play.succeed(KubePlay.playStore)
        try await play.succeed(KubePlay.play("formation-provision-pod.yaml"))
        let provisioned = try await play.succeed(KubePlay.wait("provision"))
        #expect(provisioned.trimmingCharacters(in: .whitespacesAndNewlines) == "0", "provision's pod exited \(provisioned)")

        let clock = ContinuousClock()
        let playing = clock.now
        let played = try await play.run(KubePlay.play("formation-web.yaml"))
        try #require(played.status == 0, "\(played.error)\(played.output)")
        let firstHello = try await waitForHello(play)
        let helloAfter = clock.now - playing
        let hello = try await play.run(KubePlay.hello)
        #expect(hello.status == 0 && hello.output.contains("Hello from Formation!"), "\(hello.error)\(hello.output)")
        #expect(firstHello.contains("Hello from Formation!"))

        let ready = try await play.run(KubePlay.ready)
        #expect(ready.status == 0, "the readinessProbe `supervisor status --ready`: \(ready.status.map(String.init) ?? "timeout") \(ready.output)\(ready.error)")
        let health = try await play.run(KubePlay.health)
        #expect(health.status == 0, "the livenessProbe as podman's health check: \(health.output)\(health.error)")
        let status = try await play.succeed(KubePlay.healthStatus).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(status == "healthy", "podman inspect .State.Health.Status: \(status)")
        let stopTimeout = try await play.succeed("podman inspect --format '{{.Config.StopTimeout}}' formation-web-pod-0-web")
            .trimmingCharacters(in: .whitespacesAndNewlines)

        try await play.succeed(KubePlay.play("formation-backup-job-pod.yaml"))
        let backedUp = try await play.succeed(KubePlay.wait("backup-job"))
        #expect(backedUp.trimmingCharacters(in: .whitespacesAndNewlines) == "0", "backup-job's pod exited \(backedUp)")
        let backupLogs = try await play.run("podman logs formation-backup-job-backup-job")
        #expect((backupLogs.output + backupLogs.error).contains("backup AVAILABLE"), "\(backupLogs.output)\(backupLogs.error)")

        #expect(stopTimeout == "10", "kube play makes terminationGracePeriodSeconds the container's stop timeout: \(stopTimeout)")
        let stopping = clock.now
        let stop = try await play.run(KubePlay.stopWeb)
        let stopped = clock.now - stopping
        #expect(stop.status == 0, "\(stop.error)")
        let exit = try await play.succeed(KubePlay.webExit).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(exit == "0", "web's container exited \(exit)")
        #expect(stopped < .seconds(5), "podman pod stop took \(stopped), beyond the supervisor's 5 s grace")
        let logs = try await play.run("podman logs formation-web-pod-0-web")
        let events = Container.prefixed(logs.output + logs.error, instance: "supervisor")
        #expect(events.contains { $0.contains("received SIGTERM") }, "\(logs.output)\(logs.error)")
        #expect(events.contains { $0.hasPrefix("web.1 (pid ") && $0.hasSuffix("exited with status 0") }, "\(logs.output)\(logs.error)")
        let down = try await play.run(KubePlay.downWeb)
        #expect(down.status == 0, "\(down.error)")
        await Figures.shared.record("kube play of web (embedded store on the claim, config from the ConfigMap): first 200 on /hello \(Figures.seconds(helloAfter)) after podman kube play started")
        await Figures.shared.record("podman pod stop of kube play's web: exit status 0 after \(Figures.seconds(stopped)) (stop timeout \(stopTimeout) s)")
    }

    /// The first 200 of /hello through the published port (60 s at most); its body.
    static func waitForHello(_ play: KubePlay) async throws -> String {
        let url = "http://127.0.0.1:\(play.port)/hello"
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            if let answer = try? await HTTPProbe.get(url, timeout: .seconds(1)), answer.status == 200 { return answer.body }
            try await Task.sleep(for: .milliseconds(10))
        }
        let logs = try? await play.run("podman logs formation-web-pod-0-web")
        throw TestSupportError("\(url) did not answer 200 within 60 s; podman logs:\n\(logs?.output ?? "")\(logs?.error ?? "")")
    }

    /// The docs' section holds every command the check runs, as it runs them.
    static func checkDocs() throws {
        let docs = try String(contentsOfFile: Podman.repository + "/docs/deploy.md", encoding: .utf8)
        for line in KubePlay.lines where !docs.contains(line) {
            Issue.record("docs/deploy.md does not show the command the check runs: \(line)")
        }
    }
}
