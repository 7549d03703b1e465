import Foundation

/// A temporary file for a log writer to write to (`LogWriter(fd: file.descriptor)`), for tests
/// reading back what was logged; closed and removed on deinit.
public final class LogFile {
    /// The file's path.
    public let path: String
    /// The file's descriptor, open for writing.
    public let descriptor: Int32

    /// Creates an empty file under the temporary directory, named after `name`.
    public init(_ name: String) throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString)").path
        descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard descriptor >= 0 else { throw TestSupportError("cannot create \(path): errno \(errno)") }
    }

    /// What the file holds now.
    public func text() throws -> String {
        try String(contentsOfFile: path, encoding: .utf8)
    }

    deinit {
        close(descriptor)
        unlink(path)
    }
}
