import PeerSupport
import Foundation
import Testing

/// The dashboard's Run button for admin types, against a real formation: `POST /api/run` is
/// guarded by the token like the other actions and answers with the run's exit status; the
/// page lists the admin type (count 0) with its schedule and a Run button that shows the result.
@Suite("dashboard: admin types and the Run button", .serialized, .ownThread)
struct TriggerDashboardTests {
    @Test("Run needs the token, runs the job and answers its exit status; a type with instances is refused; the page's button shows the result")
    func runButton() async throws {
        let workspace = try Workspace(procfile: ScheduleTests.procfile, files: ["job.sh": ScheduleTests.script])
        let supervisor = try RunningSupervisor(["start", "--no-color", "--no-timestamps", "-m", "web=1,job=0", "--schedule", "job=daily"], in: workspace)
        defer { supervisor.signal(SIGKILL) }
        #expect(await supervisor.waitFor("spawned web.1"))
        let dashboard = try await RunningDashboard.start(in: workspace)
        defer { dashboard.process.signal(SIGKILL) }

        let form = ["Content-Type": "application/x-www-form-urlencoded"]
        let refused = try await HTTPExchange.send("POST", dashboard.address("/api/run"), headers: form, body: Data("type=job".utf8))
        #expect(refused.status == 403)
        #expect(!supervisor.output.contains("spawned job.1"))

        let withToken = form.merging(["X-Formation-Token": dashboard.token]) { $1 }
        let ran = try await HTTPExchange.send("POST", dashboard.origin + "/api/run", headers: withToken, body: Data("type=job".utf8))
        #expect(ran.status == 200, "\(ran.text)")
        let reply = try JSONSerialization.jsonObject(with: ran.body) as? [String: Any]
        #expect(reply?["exit_status"] as? Int == 0, "\(ran.text)")
        #expect((reply?["message"] as? String)?.hasPrefix("job.1 exited 0 after ") == true, "\(ran.text)")
        #expect(supervisor.output.contains("| job args:  (PS=job.1)"))

        let web = try await HTTPExchange.send("POST", dashboard.origin + "/api/run", headers: withToken, body: Data("type=web".utf8))
        #expect(web.status == 422)
        #expect(web.text.contains("supervisor restart web"), "\(web.text)")
        let missing = try await HTTPExchange.send("POST", dashboard.origin + "/api/run", headers: withToken, body: Data("target=job".utf8))
        #expect(missing.status == 400)

        // The page's part needs chromium (see DashboardBrowserTests); the routes' part above does not.
        if Chromium.unavailable == nil {
            try await Self.clickRun(dashboard)
        }

        dashboard.process.signal(SIGTERM)
        #expect(await dashboard.process.waitForExit(seconds: 10) == 0)
        supervisor.signal(SIGTERM)
        #expect(await supervisor.waitForExit() == 0)
    }

    /// The page lists the admin type with its schedule, next and last run; its Run button shows the outcome.
    static func clickRun(_ dashboard: RunningDashboard) async throws {
        let browser = try await WebDriver.start()
        do {
            try await browser.navigate(dashboard.url)
            #expect(try await browser.waitUntil("return document.querySelector(`#admin tr[data-type='job'] .last-run`)?.textContent.startsWith('exit 0 at ')"))
            #expect(try await browser.execute("return document.getElementById('admin-section').hidden") as? Bool == false)
            #expect(try await browser.execute("return document.querySelector(`#admin tr[data-type='job'] .schedule`).textContent") as? String == "daily (0 0 * * *)")
            #expect((try await browser.execute("return document.querySelector(`#admin tr[data-type='job'] .next-run`).textContent") as? String ?? "").hasSuffix("T00:00:00Z"))
            #expect(try await browser.execute("return document.querySelector(`#instances tr[data-instance='job.1']`) === null") as? Bool == true)
            _ = try await browser.execute("document.querySelector(`#admin tr[data-type='job'] button.run`).click(); return true")
            #expect(try await browser.waitUntil("return document.getElementById('result').textContent.startsWith('job.1 exited 0 after ')"))
        } catch {
            await browser.quit()
            throw error
        }
        await browser.quit()
    }
}
