import AppCore
import ArgumentParser
import AsyncHTTPClient
import ExitCodes
import Foundation
import Logging
import Shared
import SystemdDaemon

/// The admin process: `supervisor run backup-job [...]` (factor XII). By default it backs up the
/// table the dynamic config names; it also restores, exports and imports.
@main
struct BackupJob: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup-job",
        abstract: "Back up, restore, export or import the reference app's table.",
        discussion: """
            With no option: back up the table named by the dynamic config (or --table) as <table>-<UTC timestamp> \
            and print the backup's ARN when it is AVAILABLE.
            --restore-to NAME [--backup ID]: restore the newest backup of that table (or the given one) into a new \
            table and wait until it is ACTIVE.
            --export FILE: write every item as DynamoDB JSON lines, to a temporary file that is fsynced and renamed.
            --import FILE --to TABLE: write every line's item into TABLE (which must exist).
            Progress goes to stderr on a terminal; one summary line goes to stdout. Exit status: 0 on success, \
            1 when the store or a file failed, \(SysExit.usage) on a usage error, \(SysExit.configuration) on a configuration error.
            """)

    @Option(help: "The table to back up, restore from or export (default: the dynamic config's TableName).")
    var table: String?

    @Option(help: "Restore a backup into this new table.")
    var restoreTo: String?

    @Option(help: "With --restore-to: the backup's ID (ARN) instead of the newest backup.")
    var backup: String?

    @Option(help: "Export every item to this file as DynamoDB JSON lines.")
    var export: String?

    @Option(name: .customLong("import"), help: "Import the items of this DynamoDB JSON lines file (with --to).")
    var importFile: String?

    @Option(help: "With --import: the table to write into.")
    var to: String?

    @Option(help: "Parallel scan segments for --export.")
    var segments: Int = 4

    func validate() throws {
        _ = try mode()
        guard (1...64).contains(segments) else { throw ValidationError("--segments must be from 1 to 64, got \(segments)") }
    }

    /// The one operation the options ask for.
    func mode() throws(ValidationError) -> JobMode {
        let chosen = [restoreTo != nil, export != nil, importFile != nil].filter { $0 }.count
        guard chosen <= 1 else { throw ValidationError("choose one of --restore-to, --export and --import") }
        if backup != nil, restoreTo == nil { throw ValidationError("--backup goes with --restore-to") }
        if (importFile == nil) != (to == nil) { throw ValidationError("--import FILE and --to TABLE go together") }
        if importFile != nil, table != nil { throw ValidationError("--import writes into --to TABLE; --table is not used") }
        if let restoreTo { return .restore(target: restoreTo, backupID: backup) }
        if let export { return .export(path: export) }
        if let importFile, let to { return .import(path: importFile, table: to) }
        return .backup
    }

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        LoggingSystem.bootstrap { label in JSONLogHandler(label: label, level: .warning, fd: 2) }
        let mode = try mode()
        let config: FormationConfig
        do {
            config = try FormationConfig.parse(AppEnvironment(environment))
        } catch {
            for line in error.errors { Console.error(line.description) }
            throw ExitCode(SysExit.configuration)
        }
        // For a service manager waiting on this job (`supervisor --ready notify`, systemd's
        // Type=notify): started, doing what, and how it ended. A no-op without NOTIFY_SOCKET.
        SystemdNotifier.notify(["READY": "1", "STATUS": "running (\(mode))"])
        let httpClient = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .aws)
        let status = await JobRunner(config: config, environment: environment, httpClient: httpClient, segments: segments)
            .run(mode, table: table)
        try? await httpClient.shutdown()
        SystemdNotifier.notify(["STOPPING": "1", "STATUS": status == 0 ? "done" : "failed with status \(status)"])
        if status != 0 { throw ExitCode(status) }
    }
}
