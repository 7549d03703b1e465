import AppTestSupport
import Foundation

/// A temporary application directory with a Procfile and .env files, removed afterwards with
/// the files a supervisor started in it left beside its default control socket.
final class Workspace {
    let url: URL
    /// A unique value put in every child's environment, to find them in /proc.
    let tag = "formation-test-\(UUID().uuidString)"

    init(procfile: String, files: [String: String] = [:]) throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("formation-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        try write("Procfile", procfile)
        for (name, text) in files { try write(name, text) }
    }

    deinit {
        ControlFiles.remove(root: url.path)
        try? FileManager.default.removeItem(at: url)
    }

    var path: String { url.path }

    func write(_ name: String, _ text: String) throws {
        try text.write(to: url.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }

    func read(_ name: String) throws -> String {
        try String(contentsOf: url.appendingPathComponent(name), encoding: .utf8)
    }
}
