/// One file an exporter produces: a path relative to the export directory, its text and mode.
struct ExportedFile: Equatable {
    let path: String
    let contents: String
    /// 0o600 for files holding secrets (the systemd environment file), else 0o644.
    var mode: UInt32 = 0o644
}
