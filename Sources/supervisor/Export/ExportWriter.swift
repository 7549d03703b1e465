import AtomicFiles

/// Writes exported files under a directory (created when missing): the I/O edge of `export`.
/// Each file is an ``AtomicFile``: written beside its target under a new, unpredictable name,
/// given its mode (0600 for `APP.env`) and renamed over the target, so a symlink planted at a
/// target path is replaced rather than written through.
enum ExportWriter {
    static func write(_ files: [ExportedFile], into directory: String) throws(SupervisorError) {
        do {
            try Directories.create(directory)
            for file in files {
                try AtomicFile.write(file.contents.utf8, to: FileSystem.join(directory, file.path), mode: file.mode)
            }
        } catch {
            throw SupervisorError(
                code: .fileWrite,
                message: "\(error.action) \(error.path): \(ErrnoText.describe(error.errno)); \(error.fix), e.g. another export directory",
                errno: error.errno)
        }
    }
}

extension SupervisorError.Code {
    static let fileWrite = SupervisorError.Code(name: "cannot write file")
}
