import AppTestSupport
import Foundation
import Glibc
import Testing

/// SIGHUP to web re-reads its dynamic configuration (what the systemd export's `ExecReload=`
/// sends, through `supervisor run`): a changed document is taken, a broken one is not.
@Suite("web: SIGHUP refreshes the dynamic config", .serialized)
struct HangUpTests {
    @Test("SIGHUP: nothing to refresh, then a changed document is taken, then a broken one keeps the last good; web keeps serving")
    func hangUp() async throws {
        let workspace = try AppWorkspace()
        defer { workspace.remove() }
        let port = try FreePort.find()
        let environment = TestEnvironment.withoutAWS(extra: ["PORT": String(port), "HOST": "127.0.0.1"])
        let provision = try SpawnedProcess(BuiltBinaries.path("provision"), [], directory: workspace.path, environment: environment)
        #expect(await provision.waitForExit(seconds: 60) == 0, "\(provision.output)")
        let web = try SpawnedProcess(BuiltBinaries.path("web"), [], directory: workspace.path, environment: environment)
        defer { web.killAndReap() }
        #expect(await web.waitFor("serving on a bound socket", seconds: 30), "\(web.output)")
        web.signal(SIGHUP)
        #expect(await web.waitFor("SIGHUP: nothing to refresh"), "\(web.output)")
        let document = try workspace.read("config/app-config.json")
        try workspace.write("config/app-config.json", document + "\n")
        web.signal(SIGHUP)
        #expect(await web.waitFor("SIGHUP: configuration refreshed"), "\(web.output)")
        try workspace.write("config/app-config.json", "{ not json")
        web.signal(SIGHUP)
        #expect(await web.waitFor("the last good one stays"), "\(web.output)")
        let answer = try await HTTPProbe.get("http://127.0.0.1:\(port)/table-name", timeout: .seconds(10))
        #expect(answer.status == 200, "\(answer.body)")
        web.signal(SIGTERM)
        #expect(await web.waitForExit(seconds: 20) == 0, "\(web.output)")
    }
}
