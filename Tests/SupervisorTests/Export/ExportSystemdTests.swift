import Foundation
import Testing

extension ExportTests {
    @Suite("supervisor export systemd")
    struct ExportSystemdTests {
        @Test("a target, template services per long-running type, a oneshot and timer for the admin type, an env file")
        func units() async throws {
            let workspace = try ExportSupport.workspace()
            let result = try await ExportSupport.export(["systemd", "units", "--schedule", "backup-job=daily", "--app", "shop", "-t", "20"], in: workspace)
            #expect(result.status == 0, "\(result.errors)")
            let directory = workspace.path + "/units"
            #expect(ExportSupport.files(in: directory) == [
                "shop-backup-job.service", "shop-backup-job.timer", "shop-web@.service", "shop-worker@.service", "shop.env", "shop.target",
            ])
            let target = try workspace.read("units/shop.target")
            #expect(target.contains("Wants=shop-web@6000.service shop-web@6001.service shop-worker@6100.service shop-backup-job.timer\n"))
            let web = try workspace.read("units/shop-web@.service")
            for line in ["KillMode=mixed", "KillSignal=SIGTERM", "TimeoutStopSec=25", "Restart=on-failure", "StandardOutput=journal",
                         "SyslogIdentifier=shop-web.%i", "Environment=PORT=%i", "EnvironmentFile=\(directory)/shop.env",
                         "User=shop", "PartOf=shop.target", "LogExtraFields=PROCESS_TYPE=web PROCESS_INSTANCE=web.%i",
                         "ExecReload=/bin/kill -HUP $MAINPID"] {
                #expect(web.contains(line + "\n"), "missing \(line)")
            }
            #expect(web.contains("ExecStart=\(SupervisorBinary.resolvedPath) run -f \(workspace.path)/Procfile -t 20 web\n"))
            let job = try workspace.read("units/shop-backup-job.service")
            #expect(job.contains("Type=oneshot\n") && !job.contains("Restart=") && !job.contains("ExecReload="))
            #expect(job.contains("LogExtraFields=PROCESS_TYPE=backup-job PROCESS_INSTANCE=backup-job.run\n"))
            #expect(try workspace.read("units/shop-backup-job.timer").contains("OnCalendar=*-*-* 00:00:00 UTC\n"))
            let environment = try workspace.read("units/shop.env")
            #expect(environment.contains("API_TOKEN=\"hunter2\"\n") && environment.contains("GREETING=\"hello world\"\n"))
            #expect(!environment.contains("FORMATION") && !environment.contains("PORT"))
            let attributes = try FileManager.default.attributesOfItem(atPath: directory + "/shop.env")
            #expect((attributes[.posixPermissions] as? Int) == 0o600)
        }

        @Test("systemd-analyze verify accepts every unit and instance")
        func verify() async throws {
            let workspace = try ExportSupport.workspace()
            let result = try await ExportSupport.export(["systemd", "units", "--schedule", "backup-job=30 3 * * 1-5"], in: workspace)
            #expect(result.status == 0, "\(result.errors)")
            let directory = workspace.path + "/units"
            let units = ExportSupport.files(in: directory).filter { !$0.hasSuffix(".env") }
                .map { $0.hasSuffix("@.service") ? $0.replacing("@.service", with: "@6000.service") : $0 }
                .map { "'\(directory)/\($0)'" }
            let verified = try await ExportSupport.tool("systemd-analyze", "systemd-analyze verify \(units.joined(separator: " "))")
            #expect(verified.status == 0 && verified.output.isEmpty, "\(verified.output)")

            // The check can fail: a misspelt setting is reported.
            try workspace.write("units/broken.service", "[Service]\nExecStart=/bin/true\nKillMode=gently\n")
            let broken = try await ExportSupport.tool("systemd-analyze", "systemd-analyze verify '\(directory)/broken.service'")
            #expect(broken.output.contains("kill mode"), "\(broken.output)")
        }

        @Test("problems are listed together with how to fix them, exit 78")
        func problems() async throws {
            let workspace = try ExportSupport.workspace()
            let result = try await ExportSupport.export(
                ["systemd", "units", "--app", "Shop", "--schedule", "web=daily", "--schedule", "nope=daily", "--schedule", "backup-job=sometimes"],
                in: workspace)
            #expect(result.status == 78)
            #expect(result.errors.contains("--app 'Shop' is not a valid name"))
            #expect(result.errors.contains("web runs instances in the formation, and a schedule is for an admin type"))
            #expect(result.errors.contains("--schedule \"nope=daily\" names the type \"nope\", which the Procfile does not have"))
            #expect(result.errors.contains("'sometimes' is not a schedule"))
            #expect(ExportSupport.files(in: workspace.path + "/units").isEmpty)
        }
    }
}
