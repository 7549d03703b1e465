import Foundation
import Testing

@testable import supervisor

extension ExportTests {
    /// The variables a Procfile command uses and the exporting environment sets go into
    /// `APP.env`: a unit starts in systemd's environment, not the exporting shell's.
    @Suite("supervisor export systemd: the Procfile's variables from the host")
    struct ExportSystemdHostTests {
        @Test("the names a command expands: $NAME and ${NAME...}, not in single quotes, after a backslash or the shell's own")
        func references() {
            #expect(SystemdHostEnvironment.references(in: "exec ${BIN_DIR:-.build/release}/web --port $PORT") == ["BIN_DIR", "PORT"])
            #expect(SystemdHostEnvironment.references(in: #"echo "$A_1" '$QUOTED' \$ESCAPED $$ $1 $? ${B} $A_1"#) == ["A_1", "B"])
            #expect(SystemdHostEnvironment.references(in: "echo $ ${ $-x") == [])
        }

        @Test("BIN_DIR set for the export is written to APP.env; .env keys, PORT and systemd's own names are not carried")
        func carried() async throws {
            let workspace = try Workspace(
                procfile: "web: exec ${BIN_DIR:-.build/release}/web --greeting \"$GREETING\" --home $HOME --port $PORT\nworker: exec $BIN_DIR/worker\n",
                files: [".env": "GREETING=hi\nFORMATION=web=1,worker=1\n"])
            let supervisor = try RunningSupervisor(
                ["export", "systemd", "units", "--app", "shop"], in: workspace,
                environment: ["BIN_DIR": "/usr/local/bin", "GREETING": "from the shell", "HOME": "/root"])
            #expect(await supervisor.waitForExit() == 0, "\(supervisor.errorOutput)")
            #expect(!supervisor.errorOutput.contains("warning"), "\(supervisor.errorOutput)")
            let environment = try workspace.read("units/shop.env")
            let lines = environment.split(separator: "\n").filter { !$0.hasPrefix("#") }
            #expect(lines == ["GREETING=\"from the shell\"", "BIN_DIR=\"/usr/local/bin\""], "\(environment)")
        }

        @Test("a variable set nowhere is one warning naming the type and how to set it; the files are written")
        func unset() async throws {
            let workspace = try Workspace(procfile: "web: exec ${BIN_DIR:-.build/release}/web\nworker: exec ${BIN_DIR:-.build/release}/worker\n")
            let supervisor = try RunningSupervisor(["export", "systemd", "units", "--app", "shop"], in: workspace, environment: ["BIN_DIR": ""])
            #expect(await supervisor.waitForExit() == 0, "\(supervisor.errorOutput)")
            // An empty value is a value: `start` would pass it on too.
            #expect(try workspace.read("units/shop.env").contains("BIN_DIR=\"\"\n"))

            let bare = try Workspace(procfile: "web: exec ${BIN_DIR:-.build/release}/web\nworker: exec ${BIN_DIR:-.build/release}/worker\n")
            // Through env -u: whatever environment the tests run in, BIN_DIR is unset here.
            let plain = try RunningSupervisor(
                ["-u", "BIN_DIR", SupervisorBinary.path, "export", "systemd", "units", "--app", "shop"], in: bare, executable: "/usr/bin/env")
            #expect(await plain.waitForExit() == 0, "\(plain.errorOutput)")
            let warnings = plain.errorOutput.split(separator: "\n").filter { $0.contains("BIN_DIR") }
            #expect(warnings == [
                "supervisor: warning: systemd: web's command uses $BIN_DIR, which no .env file and not this environment sets, so its units run without it (a ${BIN_DIR:-default} falls back to the default); set it for the export (BIN_DIR=VALUE supervisor export systemd ...) or in a .env file",
            ], "\(plain.errorOutput)")
            #expect(!(try bare.read("units/shop.env")).contains("BIN_DIR"))
        }
    }
}
