import Glibc

/// Writes exported files under a directory (created when missing): the I/O edge of `export`.
enum ExportWriter {
    static func write(_ files: [ExportedFile], into directory: String) throws(SupervisorError) {
        try makeDirectories(directory)
        for file in files {
            let path = FileSystem.join(directory, file.path)
            let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode_t(file.mode))
            if fd < 0 { throw failure("cannot create \(path)") }
            defer { close(fd) }
            // An existing file keeps its old mode with O_CREAT: set it, secrets must be 0600.
            if fchmod(fd, mode_t(file.mode)) != 0 { throw failure("cannot set the mode of \(path)") }
            let bytes = Array(file.contents.utf8)
            var offset = 0
            while offset < bytes.count {
                let n = bytes.withUnsafeBytes { raw in Glibc.write(fd, raw.baseAddress.map { $0 + offset }, raw.count - offset) }
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { throw failure("cannot write \(path)") }
                offset += n
            }
        }
    }

    /// `mkdir -p`.
    static func makeDirectories(_ path: String) throws(SupervisorError) {
        var prefix = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            prefix += "/" + component
            if mkdir(prefix, 0o755) != 0 && errno != EEXIST { throw failure("cannot create the directory \(prefix)") }
        }
    }

    private static func failure(_ what: String) -> SupervisorError {
        let code = errno
        return SupervisorError(code: .fileWrite, message: "\(what): \(ErrnoText.describe(code)); choose another export directory", errno: code)
    }
}

extension SupervisorError.Code {
    static let fileWrite = SupervisorError.Code(name: "cannot write file")
}
