import Foundation

/// The export file, owned by an actor so that the scan segments' writes are serialised.
actor LineSink {
    private let file: AtomicFile
    private var count = 0

    /// Creates the temporary file beside `path`.
    init(path: String) throws(JobError) {
        file = try AtomicFile(path: path)
    }

    /// Appends a chunk of lines; returns the running item count.
    func write(_ chunk: Data, count added: Int) throws(JobError) -> Int {
        try file.append(chunk)
        count += added
        return count
    }

    /// Puts the file in place; returns the item count.
    func commit() throws(JobError) -> Int {
        try file.commit()
        return count
    }

    /// Removes the temporary file.
    func discard() {
        file.discard()
    }
}
