import AppTestSupport
import Foundation
import Glibc
import Testing

/// `web` under systemd's own protocols, driven by tools no one here wrote or by the test acting
/// as the service manager: socket activation with `systemd-socket-activate`, `sd_notify`
/// messages to a `NOTIFY_SOCKET` the test binds.
@Suite("web: socket activation and sd_notify", .serialized)
struct SystemdProtocolTests {
    static let socketActivate = "/usr/bin/systemd-socket-activate"

    /// web in a fresh workspace (the embedded store and the config file by default).
    private func environment(_ extra: [String: String]) -> [String: String] {
        var environment = TestEnvironment.withoutAWS(extra: extra)
        for key in ["LISTEN_FDS", "LISTEN_PID", "LISTEN_FDNAMES", "NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID"] where extra[key] == nil {
            environment[key] = nil
        }
        return environment
    }

    @Test("systemd-socket-activate --fdname=web: web adopts fd 3, answers on the socket's port, and says so in its log")
    func socketActivation() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.socketActivate), "systemd-socket-activate is missing: apt-get install systemd")
        let workspace = try AppWorkspace()
        defer { workspace.remove() }
        let port = try FreePort.find()
        // PORT names another port: web must serve on the socket it is given, not bind PORT.
        let decoy = try FreePort.find()
        // Spawned and reaped by the test itself, not through Foundation (see SpawnedProcess).
        let activator = try SpawnedProcess(
            Self.socketActivate, ["-l", "127.0.0.1:\(port)", "--fdname=web", BuiltBinaries.path("web")],
            directory: workspace.path, environment: environment(["PORT": String(decoy)]))
        defer { activator.killAndReap() }
        // The activator listens at once and starts web on the first connection; this request
        // waits in the socket's queue until web accepts it.
        try await Task.sleep(for: .milliseconds(300))
        let answer = try await HTTPProbe.get("http://127.0.0.1:\(port)/", timeout: .seconds(30))
        #expect(answer.status == 200 && answer.body == "All good !")
        #expect(answer.headers["connection"] != "close")
        #expect(await activator.waitFor("serving on an inherited socket"), "\(activator.output)")
        let line = activator.output.split(separator: "\n").first { $0.contains("serving on an inherited socket") }.map(String.init) ?? ""
        #expect(line.contains(#""fd":"3""#) && line.contains(#""name":"web""#) && line.contains("127.0.0.1:\(port)"), "\(line)")
        #expect(await !HTTPProbe.answers("http://127.0.0.1:\(decoy)/"), "web bound PORT as well")
        activator.signal(SIGTERM)
        #expect(await activator.waitForExit(seconds: 20) == 0, "\(activator.output)")
    }

    @Test("NOTIFY_SOCKET: READY=1 and STATUS only once the port answers, from web's own pid; WATCHDOG=1 at half of WATCHDOG_USEC; STOPPING=1 on SIGTERM")
    func notify() async throws {
        let workspace = try AppWorkspace()
        defer { workspace.remove() }
        let notify = try NotifySocket()
        let port = try FreePort.find()
        let web = try ChildProcess(
            BuiltBinaries.path("web"), [], directory: workspace.path,
            environment: environment(["PORT": String(port), "HOST": "127.0.0.1", "NOTIFY_SOCKET": notify.path, "WATCHDOG_USEC": "400000"]))
        defer { if web.process.isRunning { web.signal(SIGKILL) } }

        let (ready, before) = await notify.waitFor("READY")
        let message = try #require(ready, "no READY=1 within 30 s: \(web.output)\n\(web.errorOutput)")
        // Checked the moment READY arrives: the port must already accept and answer.
        let answer = try await HTTPProbe.get("http://127.0.0.1:\(port)/", timeout: .seconds(2))
        #expect(answer.status == 200)
        #expect(message.assignments["READY"] == "1")
        #expect(message.assignments["STATUS"] == "serving on 127.0.0.1:\(port) (bound)", "\(message.text)")
        #expect(message.pid == web.pid)
        #expect(before.allSatisfy { $0.assignments["WATCHDOG"] == "1" }, "\(before.map(\.text))")

        // WATCHDOG_USEC=400000: a keep-alive every 200 ms. Those queued while the probe above ran
        // (slow on a loaded machine) are not counted.
        while await notify.receive(seconds: 0.01) != nil {}
        let started = Date()
        var keepAlives = 0
        // Counted only when received within the window: a receive that began at 1.09 s may
        // return up to a second later, with keep-alives sent after the window.
        while Date().timeIntervalSince(started) < 1.1, let next = await notify.receive(seconds: 1) {
            guard Date().timeIntervalSince(started) < 1.1 else { break }
            if next.assignments["WATCHDOG"] == "1" { keepAlives += 1 }
        }
        #expect((2...8).contains(keepAlives), "\(keepAlives) WATCHDOG=1 in 1.1 s")

        web.signal(SIGTERM)
        let (stopping, _) = await notify.waitFor("STOPPING")
        #expect(stopping?.assignments["STOPPING"] == "1")
        #expect(stopping?.pid == web.pid)
        #expect(await web.waitForExit(seconds: 20) == 0, "\(web.output)\n\(web.errorOutput)")
    }

    @Test("without LISTEN_FDS web binds HOST:PORT itself and says so")
    func plain() async throws {
        let workspace = try AppWorkspace()
        defer { workspace.remove() }
        let port = try FreePort.find()
        let web = try ChildProcess(
            BuiltBinaries.path("web"), [], directory: workspace.path, environment: environment(["PORT": String(port), "HOST": "127.0.0.1"]))
        defer { if web.process.isRunning { web.signal(SIGKILL) } }
        try await HTTPProbe.waitUntilOK("http://127.0.0.1:\(port)/", seconds: 30, server: web)
        #expect(await web.waitFor("serving on a bound socket"), "\(web.output)")
        web.signal(SIGTERM)
        #expect(await web.waitForExit(seconds: 20) == 0)
    }
}
