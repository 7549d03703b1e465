import Foundation

/// A path for an embedded store's file, in a fresh directory of its own under the temporary
/// directory; `remove()` deletes the directory with everything SQLite put beside the file.
struct StoreFile {
    let directory: URL

    /// `name` tells the directories of different tests apart: `formation-NAME-UUID`.
    init(_ name: String) {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("formation-\(name)-\(UUID().uuidString)")
    }

    var path: String { directory.appendingPathComponent("s.sqlite").path }

    func remove() { try? FileManager.default.removeItem(at: directory) }
}
