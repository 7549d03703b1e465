import Foundation
import Testing

@testable import supervisor

/// `export`'s writes: each file replaced whole by rename, never written through a symlink, with
/// its mode (0600 for `APP.env`), and no temporary file left behind.
@Suite("Export writer")
struct ExportWriterTests {
    @Test("a symlink planted at APP.env is replaced; the file it pointed at is unchanged; modes are set")
    func plantedSymlinkIsReplaced() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("export-writer-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let directory = root + "/out"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let outside = root + "/victim"
        try Data("precious\n".utf8).write(to: URL(fileURLWithPath: outside))
        try FileManager.default.createSymbolicLink(atPath: directory + "/shop.env", withDestinationPath: outside)
        // A world-writable leftover at a unit's path keeps nothing of its own mode.
        try Data("old".utf8).write(to: URL(fileURLWithPath: directory + "/shop.target"))
        try FileManager.default.setAttributes([.posixPermissions: 0o666], ofItemAtPath: directory + "/shop.target")

        try ExportWriter.write([
            ExportedFile(path: "shop.env", contents: "API_TOKEN=\"hunter2\"\n", mode: 0o600),
            ExportedFile(path: "shop.target", contents: "[Unit]\n"),
        ], into: directory)

        #expect(try String(contentsOfFile: outside, encoding: .utf8) == "precious\n")
        #expect(try String(contentsOfFile: directory + "/shop.env", encoding: .utf8) == "API_TOKEN=\"hunter2\"\n")
        let environment = try FileManager.default.attributesOfItem(atPath: directory + "/shop.env")
        #expect(environment[.type] as? FileAttributeType == .typeRegular)
        #expect(environment[.posixPermissions] as? Int == 0o600)
        let target = try FileManager.default.attributesOfItem(atPath: directory + "/shop.target")
        #expect(target[.posixPermissions] as? Int == 0o644)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).sorted() == ["shop.env", "shop.target"])
    }

    @Test("a failure is one line naming the path, the errno and the fix, and leaves no temporary file")
    func failureIsOneLine() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("export-writer-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/out/shop.env/inside", withIntermediateDirectories: true)
        do {
            try ExportWriter.write([ExportedFile(path: "shop.env", contents: "A=1\n", mode: 0o600)], into: root + "/out")
            Issue.record("expected a failure: a directory is in the way")
        } catch {
            #expect(error.message.contains(root + "/out/shop.env"))
            #expect(error.message.contains("(EISDIR)") || error.message.contains("(ENOTEMPTY)") || error.message.contains("errno"))
            #expect(!error.message.contains("\n"))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: root + "/out") == ["shop.env"])
    }
}
