/// What one run of backup-job does.
enum JobMode: Sendable, Equatable {
    /// Back up the table.
    case backup
    /// Restore a backup (the newest, or `backupID`) into the new table `target`.
    case restore(target: String, backupID: String?)
    /// Export every item to `path`.
    case export(path: String)
    /// Import the items of `path` into `table`.
    case `import`(path: String, table: String)
}
