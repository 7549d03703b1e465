import AppTestSupport
import Foundation
import PeerSupport
import Testing

/// The README's picture of the dashboard, from the test suite: the repository's own `Procfile`,
/// `.env` and dynamic config (web=2 on the embedded store) with this build's binaries, one
/// `supervisor trigger backup-job` run, the page in headless chromium. The PNG is written only
/// when `FORMATION_SCREENSHOT` names a file (a normal run changes nothing in the repository):
///
///     FORMATION_SCREENSHOT=$PWD/docs/dashboard.png swift test --skip-build --filter DashboardPictureTests
///
/// With it set, web listens on 5000 and 5001 as in the README (a busy port fails the test);
/// without it, on free ports.
@Suite(
    "the dashboard of the reference app's formation (the README's picture)", .serialized, .ownThread,
    .disabled(if: Chromium.unavailable != nil, Chromium.comment))
struct DashboardPictureTests {
    static let picture = ProcessInfo.processInfo.environment["FORMATION_SCREENSHOT"].flatMap { $0.isEmpty ? nil : $0 }

    /// A workspace holding the repository's run files.
    static func referenceWorkspace() throws -> Workspace {
        let root = Peers.repositoryRoot
        let read = { (name: String) in try String(contentsOf: root.appendingPathComponent(name), encoding: .utf8) }
        let workspace = try Workspace(procfile: try read("Procfile"), files: [".env": try read(".env")])
        try FileManager.default.createDirectory(at: workspace.url.appendingPathComponent("config"), withIntermediateDirectories: true)
        try workspace.write("config/app-config.json", try read("config/app-config.json"))
        return workspace
    }

    @Test("web=2 on the embedded store answers /hello; a triggered backup-job shows in the admin row and the merged log")
    func referenceFormation() async throws {
        let workspace = try Self.referenceWorkspace()
        let environment = ["BIN_DIR": BuiltBinaries.directory]
        let provision = try RunningSupervisor(["run", "provision"], in: workspace, environment: environment)
        #expect(await provision.waitForExit(seconds: 60) == 0, "provision: \(provision.errorOutput)")

        let base = Self.picture == nil ? try FreePort.block(2) : 5000
        let supervisor = try RunningSupervisor(["start", "--no-color", "--port", String(base)], in: workspace, environment: environment)
        defer { supervisor.signal(SIGKILL) }
        #expect(await supervisor.waitFor("spawned web.2", seconds: 30), "\(supervisor.output)\(supervisor.errorOutput)")
        for port in [base, base + 1] {
            #expect(try await Self.helloAnswers(port), "web on \(port): \(supervisor.output)\(supervisor.errorOutput)")
        }

        let dashboard = try await RunningDashboard.start(in: workspace)
        defer { dashboard.process.signal(SIGKILL) }
        let browser = try await WebDriver.start(width: 1280, height: 1080)
        do {
            try await browser.navigate(dashboard.url)
            #expect(try await browser.waitUntil(
                "return ['web.1','web.2'].every((n) => document.querySelector(`tr[data-instance='${n}'] .pid`)?.textContent.match(/^[0-9]+$/))",
                seconds: 20))
            // Run once the page follows the log, so that the run's line is in it.
            let trigger = try RunningSupervisor(["trigger", "backup-job"], in: workspace)
            #expect(await trigger.waitForExit(seconds: 60) == 0, "trigger: \(trigger.output)\(trigger.errorOutput)")
            #expect(trigger.output.hasPrefix("backup-job.1 exited 0 after "), "\(trigger.output)")
            #expect(try await browser.waitUntil(
                "return document.querySelector(`#admin tr[data-type='backup-job'] .last-run`)?.textContent.startsWith('exit 0 at ')", seconds: 20))
            #expect(try await browser.waitUntil(
                "return document.getElementById('log').textContent.includes('backup AVAILABLE')", seconds: 20))
            #expect(try await browser.execute("return document.querySelectorAll('#instances tbody tr').length") as? Int == 2)
            if let picture = Self.picture {
                // The sparklines need a few samples.
                try await Task.sleep(for: .seconds(4))
                try await browser.screenshot().write(to: URL(fileURLWithPath: picture))
            }
        } catch {
            await browser.quit()
            throw error
        }
        await browser.quit()
        dashboard.process.signal(SIGTERM)
        #expect(await dashboard.process.waitForExit(seconds: 10) == 0, "\(dashboard.process.errorOutput)")
        supervisor.signal(SIGTERM)
        #expect(await supervisor.waitForExit() == 0, "\(supervisor.errorOutput)")
    }

    /// Whether `GET /hello` on `port` answers 200 within 30 s (web is up once it does).
    static func helloAnswers(_ port: Int) async throws -> Bool {
        for _ in 0..<150 {
            if let answer = try? await HTTPExchange.send("GET", "http://127.0.0.1:\(port)/hello", timeout: 5), answer.status == 200 {
                return true
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        return false
    }
}
