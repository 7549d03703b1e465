import Foundation
import Testing

/// The reference docs cannot drift from the code: every subcommand and option of `--help`, every
/// environment variable the code reads, every exit status, every journald MESSAGE_ID and every
/// relative link is checked against the page that documents it. A failure names each missing
/// item and the file it belongs in, one per line.
@Suite("Docs drift")
struct DocsDriftTests {
    static let root = ExportSupport.repositoryRoot

    static func doc(_ name: String) throws -> MarkdownText { try MarkdownText(path: root + "/" + name) }

    static func help(_ arguments: [String], binary: String = SupervisorBinary.path) async throws -> String {
        let command = ([binary] + arguments).map { "'\($0)'" }.joined(separator: " ")
        let result = try await Shell.runWithStatus(command + " 2>&1")
        #expect(result.status == 0, "\(command): exit \(result.status)")
        return result.output
    }

    /// Whether `option` appears in `text` as a whole option: `--check` is not `--check-interval`.
    static func mentions(_ text: String, _ option: String) -> Bool {
        text.range(of: "(?<![A-Za-z0-9-])" + option + "(?![A-Za-z0-9-])", options: .regularExpression) != nil
    }

    /// ArgumentParser's own flags, on every command: not the project's to document.
    static let universalOptions: Set<String> = ["--help"]

    @Test("every subcommand and every --option of --help is in docs/cli.md (the dashboard executable's in docs/dashboard.md)")
    func helpOptions() async throws {
        let cli = try Self.doc("docs/cli.md")
        let dashboard = try Self.doc("docs/dashboard.md")
        var missing: [String] = []
        var checked = 0
        // The subcommands, and below them theirs (depth first), from `help` and each `--help`.
        var pending: [[String]] = HelpText.subcommands(try await Self.help(["help"])).map { [$0] }
        #expect(pending.count > 10, "supervisor help lists no subcommands: the parser of its layout is out of date")
        for option in HelpText.longOptions(try await Self.help(["--help"])) where !Self.universalOptions.contains(option) {
            checked += 1
            if !Self.mentions(cli.raw, option) { missing.append("docs/cli.md: option \(option) of supervisor") }
        }
        while let path = pending.first {
            pending.removeFirst()
            let command = "supervisor " + path.joined(separator: " ")
            checked += 1
            if !cli.lines.contains(where: { $0.hasPrefix("#") && ($0.contains("`\(command)") || $0.contains("`\(path.last ?? "")`")) }) {
                missing.append("docs/cli.md: subcommand \(command) (no heading names it)")
            }
            // `help PATH`, not `PATH --help`: run and trigger pass what follows them to the process.
            let help = try await Self.help(["help"] + path)
            #expect(help.contains("USAGE: \(command)"), "\(command) --help is not its own help:\n\(help)")
            if path.count < 3 { pending += HelpText.subcommands(help).map { path + [$0] } }
            for option in HelpText.longOptions(help) where !Self.universalOptions.contains(option) {
                checked += 1
                if !Self.mentions(cli.raw, option) { missing.append("docs/cli.md: option \(option) of \(command)") }
            }
        }
        let dashboardBinary = URL(fileURLWithPath: SupervisorBinary.path).deletingLastPathComponent().appendingPathComponent("dashboard").path
        for option in HelpText.longOptions(try await Self.help(["--help"], binary: dashboardBinary)) where !Self.universalOptions.contains(option) {
            checked += 1
            if !Self.mentions(dashboard.raw, option) { missing.append("docs/dashboard.md: option \(option) of the dashboard executable") }
        }
        print("docs drift: \(checked) subcommands and options checked")
        #expect(missing.isEmpty, "missing from the docs:\n\(missing.joined(separator: "\n"))")
    }

    /// Names the scan finds that are not configuration, each with why it needs no row.
    static let notConfiguration: [String: String] = [
        // The AWS shared credentials file's default directory (`~/.aws/credentials`, in the table).
        "HOME": "the default directory of AWS_SHARED_CREDENTIALS_FILE",
        // The supervisor clears and sets these for a child under --socket (sd_listen_fds's protocol,
        // documented with --socket); no setting of ours reads them.
        "LISTEN_FDS": "set for children by --socket",
        "LISTEN_PID": "set for children by --socket",
        "LISTEN_FDNAMES": "set for children by --socket",
        // Literals on the exporters' `environment` lines that are not variables: the placeholder
        // of an ECS ARN's account and a Checkov check's id in a Kubernetes annotation.
        "ACCOUNT_ID": "the account placeholder of an ECS ARN",
        "CKV_K8S_35": "a Checkov check id",
    ]

    /// Where a target's variables are documented: the supervisor's (and the dashboard's, which it
    /// starts) in cli.md, the reference app's in configuration.md.
    static func variablesDoc(of target: String) -> (file: String, heading: String) {
        ["supervisor", "dashboard", "Procfile", "ControlProtocol"].contains(target)
            ? ("docs/cli.md", "Environment variables read by")
            : ("docs/configuration.md", "## Environment variables")
    }

    @Test("every environment variable the code reads is in the variables table of its doc")
    func environmentVariables() throws {
        let variables = SourceScan.environmentVariables(root: Self.root)
        let names = Set(variables.map(\.name)).sorted()
        print("docs drift: environment variables the code reads: \(names.joined(separator: " "))")
        #expect(names.contains("FORMATION_CHECK") && names.contains("AWS_REGION") && names.contains("XDG_RUNTIME_DIR"),
                "the scan no longer finds known variables: it is out of date with the sources")
        var missing: [String] = []
        var reported: Set<String> = []
        for variable in variables where Self.notConfiguration[variable.name] == nil {
            let (file, heading) = Self.variablesDoc(of: variable.target)
            let rows = try Self.doc(file).section(heading).filter { $0.hasPrefix("|") }
            let documented = rows.contains { $0.contains("`\(variable.name)`") }
            if !documented, reported.insert("\(file) \(variable.name)").inserted {
                missing.append("\(file): variable \(variable.name) (read at \(variable.place))")
            }
        }
        #expect(missing.isEmpty, "missing from the variables tables:\n\(missing.joined(separator: "\n"))")
    }

    @Test("every exit status the supervisor's code names is in docs/cli.md's exit status table")
    func exitStatuses() throws {
        let statuses = try SourceScan.exitStatuses(root: Self.root)
        print("docs drift: exit statuses: \(statuses.map { "\($0.name)=\($0.status)" }.joined(separator: " "))")
        #expect(statuses.count >= 6, "the scan no longer finds SysExit's and CommandSupport's statuses")
        let table = try Self.doc("docs/cli.md").table(after: "**Exit status.**")
        #expect(!table.isEmpty, "docs/cli.md has no table after **Exit status.**")
        let documented = Set(table.compactMap { row in
            row.split(separator: "|").last.flatMap { cell in Int32(cell.trimmingCharacters(in: .whitespaces).prefix { $0.isNumber }) }
        })
        let missing = statuses.filter { !documented.contains($0.status) }
            .map { "docs/cli.md: exit status \($0.status) (\($0.name)) in the Exit status table" }
        #expect(missing.isEmpty, "missing from the exit status table:\n\(missing.joined(separator: "\n"))")
    }

    @Test("every journald MESSAGE_ID is in docs/logging.md")
    func messageIDs() throws {
        let ids = try SourceScan.messageIDs(root: Self.root)
        #expect(ids.count >= 20, "the scan no longer finds JournalMessageID's constants")
        let logging = try Self.doc("docs/logging.md").raw
        let missing = ids.filter { !logging.contains($0.id) }
            .map { "docs/logging.md: MESSAGE_ID \($0.id) (JournalMessageID.\($0.name))" }
        #expect(missing.isEmpty, "missing from docs/logging.md:\n\(missing.joined(separator: "\n"))")
    }

    /// README.md, docs/*.md and every README.md under examples/.
    static func markdownFiles() -> [String] {
        let manager = FileManager.default
        let docs = ((try? manager.contentsOfDirectory(atPath: root + "/docs")) ?? [])
            .filter { $0.hasSuffix(".md") }.map { "docs/" + $0 }
        let examples = (manager.enumerator(atPath: root + "/examples")?.allObjects as? [String] ?? [])
            .filter { $0 == "README.md" || $0.hasSuffix("/README.md") }.map { "examples/" + $0 }
        return (["README.md"] + docs + examples).sorted()
    }

    @Test("every relative link in README.md, docs/ and examples/ reaches a file and, with #anchor, a heading of it")
    func relativeLinks() throws {
        let (checked, missing) = try Self.brokenLinks(in: Self.markdownFiles(), root: Self.root)
        print("docs drift: \(checked) relative links checked")
        #expect(checked > 50, "the link scan finds almost no links: it is out of date with the docs")
        #expect(missing.isEmpty, "broken links:\n\(missing.joined(separator: "\n"))")
    }

    @Test("the link check itself: a missing file, a missing anchor and GitHub's slugs")
    func linkCheckCatchesBreakage() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("docs-drift-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory + "/docs", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try "# Top\n## `supervisor run NAME|COMMAND [ARGS...]`\n## Top\n".write(toFile: directory + "/docs/a.md", atomically: true, encoding: .utf8)
        try """
        [ok](docs/a.md#supervisor-run-namecommand-args) [again](docs/a.md#top-1) [gone](docs/b.md)
        [nowhere](docs/a.md#nope) `[code](docs/c.md)`
        ```
        [fenced](docs/d.md)
        ```
        """.write(toFile: directory + "/README.md", atomically: true, encoding: .utf8)
        let (checked, missing) = try Self.brokenLinks(in: ["README.md"], root: directory)
        #expect(checked == 4)
        #expect(missing == [
            "README.md:1: docs/b.md: no file docs/b.md",
            "README.md:2: docs/a.md#nope: no heading of a.md gives #nope",
        ])
    }

    /// How many relative links `files` hold, and a line for each that reaches no file or no heading.
    static func brokenLinks(in files: [String], root: String) throws -> (checked: Int, missing: [String]) {
        var missing: [String] = []
        var checked = 0
        for file in files {
            let page = try MarkdownText(path: root + "/" + file)
            let directory = URL(fileURLWithPath: root + "/" + file).deletingLastPathComponent()
            for link in page.relativeLinks {
                checked += 1
                let parts = link.target.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
                let pathPart = String(parts[0]).removingPercentEncoding ?? String(parts[0])
                let target = pathPart.isEmpty ? URL(fileURLWithPath: page.path) : directory.appendingPathComponent(pathPart).standardizedFileURL
                guard FileManager.default.fileExists(atPath: target.path) else {
                    missing.append("\(file):\(link.line): \(link.target): no file \(target.path.replacingOccurrences(of: root + "/", with: ""))")
                    continue
                }
                guard parts.count == 2, target.path.hasSuffix(".md") else { continue }
                let anchor = String(parts[1])
                if !(try MarkdownText(path: target.path).anchors.contains(anchor)) {
                    missing.append("\(file):\(link.line): \(link.target): no heading of \(target.lastPathComponent) gives #\(anchor)")
                }
            }
        }
        return (checked, missing)
    }
}
