import Foundation
import Testing

extension ExportTests {
    @Suite("supervisor export --ready notify")
    struct ExportReadinessTests {
        @Test("systemd: Type=notify, NotifyAccess=all and WatchdogSec= for notify types, verified by systemd-analyze; others stay simple")
        func systemd() async throws {
            let workspace = try ExportSupport.workspace()
            let result = try await ExportSupport.export(["systemd", "units", "--app", "shop", "--ready", "web=notify", "--watchdog-sec", "30"], in: workspace)
            #expect(result.status == 0, "\(result.errors)")
            let web = try workspace.read("units/shop-web@.service")
            for line in ["Type=notify", "NotifyAccess=all", "WatchdogSec=30"] { #expect(web.contains(line + "\n"), "missing \(line)") }
            let worker = try workspace.read("units/shop-worker@.service")
            #expect(worker.contains("Type=simple\n") && !worker.contains("WatchdogSec"))
            let verified = try await ExportSupport.tool("systemd-analyze", "systemd-analyze verify '\(workspace.path)/units/shop-web@6000.service'")
            #expect(verified.status == 0 && verified.output.isEmpty, "\(verified.output)")
        }

        @Test("ecs and kubernetes: the container starts the type with --ready and checks `supervisor status --ready`")
        func containers() async throws {
            let workspace = try ExportSupport.workspace()
            let ecs = try await ExportSupport.export(["ecs", "out", "--image", "example/app:1", "--ready", "worker=notify"], in: workspace)
            #expect(ecs.status == 0, "\(ecs.errors)")
            let files = ExportSupport.files(in: workspace.path + "/out")
            let taskFile = try #require(files.first { $0.contains("worker") && $0.hasSuffix(".json") })
            let task = try workspace.read("out/\(taskFile)")
            #expect(task.contains("\"--ready\""), "\(task)")
            #expect(task.contains("\"worker=notify\""))
            #expect(task.contains("\"/usr/local/bin/supervisor\""))

            let kubernetes = try await ExportSupport.export(["kubernetes", "k8s", "--image", "example/app:1", "--ready", "web=notify"], in: workspace)
            #expect(kubernetes.status == 0, "\(kubernetes.errors)")
            let manifests = ExportSupport.files(in: workspace.path + "/k8s").map { (try? workspace.read("k8s/\($0)")) ?? "" }.joined()
            #expect(manifests.contains("readinessProbe"))
            #expect(manifests.contains("--ready"))
            #expect(manifests.contains("web=notify"))
        }

        @Test("--watchdog-sec without a notify type and an unknown --ready type are refused, exit 78")
        func refused() async throws {
            let workspace = try ExportSupport.workspace()
            let lonely = try await ExportSupport.export(["systemd", "units", "--watchdog-sec", "30"], in: workspace)
            #expect(lonely.status == 78)
            #expect(lonely.errors.contains("--watchdog-sec needs a --ready TYPE=notify type"), "\(lonely.errors)")
            let unknown = try await ExportSupport.export(["systemd", "units", "--ready", "nope=notify"], in: workspace)
            #expect(unknown.status == 78)
            #expect(unknown.errors.contains("--ready names the type \"nope\""), "\(unknown.errors)")
        }
    }
}
