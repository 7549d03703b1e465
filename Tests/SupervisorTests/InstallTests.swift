import Foundation
import Testing

@testable import supervisor

/// `scripts/install.sh` into a temporary prefix, then what a new user does with the installed
/// tools, then `--uninstall`. The suite installs its own build (`--binaries`: the supervisor and
/// dashboard beside this test bundle), so it builds nothing but swift-argument-parser's
/// generate-manual, once, in .build-static; the build path of install.sh (release, static) is the
/// same function scripts/start.sh runs (scripts/lib/build.sh).
@Suite("scripts/install.sh: install into a prefix, use it, uninstall", .serialized, .ownThread)
struct InstallTests {
    static let script = ExportSupport.repositoryRoot + "/scripts/install.sh"
    /// What the installation puts under the prefix.
    static let installed = [
        "bin/supervisor", "bin/dashboard", "share/man/man1/supervisor.1",
        "share/bash-completion/completions/supervisor", "share/zsh/site-functions/_supervisor",
        "share/fish/vendor_completions.d/supervisor.fish", "share/formation/install-manifest",
    ]

    @Test("install (twice: idempotent), --version, man, bash completion, check, start, dashboard from the prefix; --uninstall leaves the prefix as it was")
    func installUseUninstall() async throws {
        let prefix = try TemporaryDirectory(prefix: "formation-prefix")
        // Files of someone else's under the prefix: the uninstall must leave them, and their folders.
        try prefix.write("bin/other-tool", "#!/bin/sh\n")
        try prefix.write("share/man/man1/other-tool.1", ".TH OTHER 1\n")
        let before = try prefix.listing()
        let binaries = URL(fileURLWithPath: SupervisorBinary.path).deletingLastPathComponent().path

        for _ in 1...2 {
            let install = try await Shell.runCapturingStderr("'\(Self.script)' --prefix '\(prefix.path)' --binaries '\(binaries)'")
            try #require(install.status == 0, "install.sh: \(install.error)")
        }
        for path in Self.installed {
            #expect(FileManager.default.fileExists(atPath: prefix.path + "/" + path), "\(path) installed")
        }
        let manifest = try String(contentsOfFile: prefix.path + "/share/formation/install-manifest", encoding: .utf8)
        #expect(Set(manifest.split(separator: "\n").filter { $0.hasPrefix("file ") }.map { String($0.dropFirst(5)) }) == Set(Self.installed))
        #expect(!manifest.contains("dir bin\n"), "bin existed before the installation: not the installation's to remove")

        let supervisor = prefix.path + "/bin/supervisor"
        #expect(try await Shell.run("'\(supervisor)' --version") == SupervisorVersion.text + "\n")

        let man = try await Shell.runCapturingStderr("MANWIDTH=100 man -l '\(prefix.path)/share/man/man1/supervisor.1'")
        #expect(man.status == 0, "man: \(man.error)")
        #expect(man.output.contains("SUPERVISOR(1)"))
        #expect(man.output.contains("--version"))
        #expect(man.output.contains("Run the formation"), "the subcommands are described (start's abstract)")

        try await completesSta(prefix.path + "/share/bash-completion/completions/supervisor")
        #expect(try prefix.read("share/zsh/site-functions/_supervisor").hasPrefix("#compdef supervisor"))
        try await zshLoads(prefix.path + "/share/zsh/site-functions")
        try await fishCompletesSta(prefix.path + "/share/fish/vendor_completions.d/supervisor.fish")

        try await checkInEmptyProject(supervisor)
        try await startAndDashboard(supervisor, dashboard: prefix.path + "/bin/dashboard")

        let uninstall = try await Shell.runCapturingStderr("'\(Self.script)' --uninstall --prefix '\(prefix.path)'")
        #expect(uninstall.status == 0, "uninstall: \(uninstall.error)")
        #expect(try prefix.listing() == before)
    }

    /// Whether to run `releaseInstall`: it builds the release binaries (about 8 minutes of CPU
    /// from a fresh clone), so scripts/test.sh runs it in its slow phase, beside the container's
    /// build, with `FORMATION_TEST_RELEASE_INSTALL=1`.
    static let releaseRequested = ProcessInfo.processInfo.environment["FORMATION_TEST_RELEASE_INSTALL"] == "1"

    @Test("install as a user does (no --binaries): the release build, the supervisor fully static, the dashboard without the Swift runtime's shared libraries; they run; --uninstall",
          .enabled(if: releaseRequested, "set FORMATION_TEST_RELEASE_INSTALL=1 (scripts/test.sh does, in its slow phase)"))
    func releaseInstall() async throws {
        let prefix = try TemporaryDirectory(prefix: "formation-release-prefix")
        let install = try await Shell.runCapturingStderr("'\(Self.script)' --prefix '\(prefix.path)'")
        try #require(install.status == 0, "install.sh: \(install.error)")
        for path in Self.installed {
            #expect(FileManager.default.fileExists(atPath: prefix.path + "/" + path), "\(path) installed")
        }
        let supervisor = prefix.path + "/bin/supervisor"
        let dashboard = prefix.path + "/bin/dashboard"
        let headers = try await Shell.run("readelf -l '\(supervisor)'")
        #expect(headers.contains("LOAD") && !headers.contains("INTERP"), "fully static: no program interpreter: \(headers)")
        #expect(!(try await Shell.run("ldd '\(dashboard)' 2>&1")).contains("libswift"), "the Swift runtime linked in")
        // The release and the commit this tree is at (install.sh compiles it in; git can name it).
        let version = try await Shell.run("'\(supervisor)' --version")
        #expect(version.hasPrefix("\(SupervisorVersion.release) (commit ") && !version.contains("commit unknown"), "\(version)")
        try await checkInEmptyProject(supervisor)
        try await startAndDashboard(supervisor, dashboard: dashboard)
        let uninstall = try await Shell.runCapturingStderr("'\(Self.script)' --uninstall --prefix '\(prefix.path)'")
        #expect(uninstall.status == 0, "uninstall: \(uninstall.error)")
        #expect(try prefix.listing().isEmpty)
    }

    /// `supervisor sta<TAB>` in bash, through the installed completion function.
    private func completesSta(_ script: String) async throws {
        let command = #"source "$0"; COMP_WORDS=(supervisor sta); COMP_CWORD=1; COMP_LINE="supervisor sta"; COMP_POINT=${#COMP_LINE}; _supervisor supervisor sta supervisor; printf '%s\n' "${COMPREPLY[@]}""#
        let offered = try await Shell.run("bash -c '\(command.replacingOccurrences(of: "'", with: #"'\''"#))' '\(script)'")
        #expect(Set(offered.split(separator: "\n")) == ["start", "status"], "offered: \(offered)")
    }

    /// zsh finds `_supervisor` in the installed directory (on `fpath`, as Debian's
    /// site-functions is), `compinit` binds it to `supervisor`, and the function loads; sourcing
    /// the file registers it too. Both without a word on stderr.
    private func zshLoads(_ directory: String) async throws {
        let command = #"fpath=("$0" $fpath); autoload -U compinit; compinit -u -D; print -r -- "$_comps[supervisor]"; autoload +X _supervisor && source "$0/_supervisor" && print -r -- "$_comps[supervisor]""#
        let zsh = try await Shell.runCapturingStderr("zsh -f -c '\(command.replacingOccurrences(of: "'", with: #"'\''"#))' '\(directory)'")
        #expect(zsh.status == 0 && zsh.error.isEmpty, "zsh: \(zsh.error)")
        #expect(zsh.output == "_supervisor\n_supervisor\n", "\(zsh.output)")
    }

    /// `supervisor sta<TAB>` in fish, through the installed completions (`complete -C` prints
    /// what the shell would offer, with each description). fish makes its configuration and
    /// data directories even with `--no-config`: in a home of its own, removed afterwards.
    private func fishCompletesSta(_ script: String) async throws {
        let home = try TemporaryDirectory(prefix: "formation-fish-home")
        let fish = "env -u XDG_CONFIG_HOME -u XDG_DATA_HOME HOME='\(home.path)' fish --no-config"
        let syntax = try await Shell.runCapturingStderr("\(fish) -n '\(script)'")
        #expect(syntax.status == 0 && syntax.error.isEmpty, "fish -n: \(syntax.error)")
        let offered = try await Shell.runCapturingStderr("\(fish) -c 'source $argv[1]; complete -C \"supervisor sta\"' '\(script)'")
        #expect(offered.status == 0 && offered.error.isEmpty, "fish: \(offered.error)")
        let words = Set(offered.output.split(separator: "\n").map { $0.split(separator: "\t").first.map(String.init) ?? "" })
        #expect(words == ["start", "status"], "offered: \(offered.output)")
    }

    /// No Procfile: one line saying what and how to fix, exit 78 (EX_CONFIG).
    private func checkInEmptyProject(_ supervisor: String) async throws {
        let empty = try TemporaryDirectory(prefix: "formation-empty")
        let check = try await Shell.runCapturingStderr("'\(supervisor)' check", directory: empty.path)
        #expect(check.status == 78)
        #expect(check.error.hasPrefix("supervisor: cannot read Procfile \(empty.path)/Procfile"), "\(check.error)")
        #expect(check.error.contains("-f/--procfile"))
        #expect(check.error.filter { $0 == "\n" }.count == 1, "one line: \(check.error)")
    }

    /// A two-line Procfile under the installed supervisor, its dashboard (the installed one,
    /// found beside it), then SIGTERM to each.
    private func startAndDashboard(_ supervisor: String, dashboard: String) async throws {
        let workspace = try Workspace(procfile: "web: while true; do sleep 0.2; done\nworker: while true; do sleep 0.2; done\n")
        let formation = try RunningSupervisor(["start", "--no-color"], in: workspace, executable: supervisor)
        defer { formation.signal(SIGKILL) }
        #expect(await formation.waitFor("spawned web.1", seconds: 20), "\(formation.output)\(formation.errorOutput)")
        #expect(await formation.waitFor("spawned worker.1", seconds: 20), "\(formation.output)\(formation.errorOutput)")

        let page = try RunningSupervisor(["dashboard", "--port", "0"], in: workspace, executable: supervisor)
        defer { page.signal(SIGKILL) }
        #expect(await page.waitFor("?token=", seconds: 30), "the dashboard prints its URL: \(page.output)\(page.errorOutput)")
        // `supervisor dashboard` execs the dashboard in its own process: the installed one.
        let running = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(page.pid)/exe")
        #expect(running == dashboard)
        page.signal(SIGTERM)
        #expect(await page.waitForExit(seconds: 20) == 0, "\(page.errorOutput)")

        formation.signal(SIGTERM)
        #expect(await formation.waitForExit(seconds: 30) == 0, "\(formation.errorOutput)")
    }
}

/// An empty temporary directory, removed with everything in it when released.
private final class TemporaryDirectory {
    let path: String

    init(prefix: String) throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func write(_ relative: String, _ text: String) throws {
        let url = URL(fileURLWithPath: path + "/" + relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    func read(_ relative: String) throws -> String {
        try String(contentsOfFile: path + "/" + relative, encoding: .utf8)
    }

    /// Every path under the directory, relative and sorted.
    func listing() throws -> [String] {
        try (FileManager.default.subpathsOfDirectory(atPath: path)).sorted()
    }
}
