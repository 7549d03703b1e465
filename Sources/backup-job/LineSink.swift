import AtomicFiles
import Foundation

/// The export file, owned by an actor so that the scan segments' writes are serialised. It is an
/// ``AtomicFile`` of mode 0600 (a table dump is the app's data): written beside its path under a
/// new, unpredictable name and renamed over it, so a symlink planted at the path is replaced.
actor LineSink {
    private let file: AtomicFile
    private var count = 0

    /// Creates the temporary file beside `path` (and the directory when missing).
    init(path: String) throws(JobError) {
        file = try Self.attempt { () throws(AtomicFileError) in
            try Directories.create(Directories.parent(of: path))
            return try AtomicFile(path: path, mode: 0o600)
        }
    }

    /// Appends a chunk of lines; returns the running item count.
    func write(_ chunk: Data, count added: Int) throws(JobError) -> Int {
        try Self.attempt { () throws(AtomicFileError) in try file.append(chunk) }
        count += added
        return count
    }

    /// Puts the file in place; returns the item count.
    func commit() throws(JobError) -> Int {
        try Self.attempt { () throws(AtomicFileError) in try file.commit() }
        return count
    }

    /// Removes the temporary file.
    func discard() {
        file.discard()
    }

    /// Runs a file step, its failure as a ``JobError`` (one line: the path, the errno text, the fix).
    private static func attempt<T>(_ step: () throws(AtomicFileError) -> T) throws(JobError) -> T {
        do {
            return try step()
        } catch {
            throw JobError(error.description)
        }
    }
}
