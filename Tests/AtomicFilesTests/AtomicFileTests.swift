import AtomicFiles
import Glibc
import Testing

/// ``AtomicFile`` in a scratch directory: a planted symlink is replaced, not followed; modes are
/// the ones asked for whatever the umask; nothing is left behind, after success or failure.
@Suite("AtomicFile")
struct AtomicFileTests {
    @Test("a symlink planted at the target is replaced and the file it points at is unchanged")
    func plantedSymlinkIsReplaced() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let outside = scratch.path("outside.txt")
        try scratch.write("precious\n", to: outside)
        let target = scratch.path("APP.env")
        #expect(symlink(outside, target) == 0)

        try AtomicFile.write("SECRET=1\n".utf8, to: target, mode: 0o600)

        #expect(try scratch.read(outside) == "precious\n")
        #expect(try scratch.read(target) == "SECRET=1\n")
        var info = stat()
        #expect(lstat(target, &info) == 0)
        #expect(info.st_mode & S_IFMT == S_IFREG)
        #expect(info.st_mode & 0o777 == 0o600)
        #expect(scratch.names() == ["APP.env", "outside.txt"])
    }

    @Test("the mode asked for is the file's mode, replacing an existing file of another mode", arguments: [UInt32(0o600), 0o644, 0o640])
    func modeIsSet(mode: UInt32) throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let target = scratch.path("file")
        try scratch.write("old", to: target)
        #expect(chmod(target, 0o666) == 0)
        try AtomicFile.write("new".utf8, to: target, mode: mode)
        var info = stat()
        #expect(stat(target, &info) == 0)
        #expect(info.st_mode & 0o777 == mode_t(mode))
        #expect(try scratch.read(target) == "new")
    }

    @Test("temporary names are new each time and start with a dot beside the target")
    func temporaryNamesAreUnpredictable() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let first = try AtomicFile(path: scratch.path("dump"), mode: 0o600)
        let second = try AtomicFile(path: scratch.path("dump"), mode: 0o600)
        #expect(first.temporaryPath != second.temporaryPath)
        #expect(first.temporaryPath.hasPrefix(scratch.path(".dump.")))
        first.discard()
        second.discard()
        #expect(scratch.names().isEmpty)
    }

    @Test("a target name near the 255-byte limit still gets a temporary name that fits")
    func longName() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let name = String(repeating: "é", count: 120) + ".jsonl"
        try AtomicFile.write("x".utf8, to: scratch.path(name), mode: 0o600)
        #expect(scratch.names() == [name])
    }

    @Test("a failed rename (a directory in the way) leaves no temporary file and names the path")
    func failureRemovesTheTemporaryFile() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let target = scratch.path("taken")
        #expect(mkdir(target, 0o755) == 0)
        #expect(mkdir(target + "/inside", 0o755) == 0)
        let error = #expect(throws: AtomicFileError.self) {
            try AtomicFile.write("x".utf8, to: target, mode: 0o600)
        }
        #expect(scratch.names() == ["taken"])
        let line = error?.description ?? ""
        #expect(line.contains(target))
        #expect(!line.contains("\n"))
    }

    @Test("a missing directory is one line naming it, the errno text and the fix")
    func missingDirectory() throws {
        let error = #expect(throws: AtomicFileError.self) {
            try AtomicFile.write("x".utf8, to: "/nonexistent-formation-dir/file", mode: 0o600)
        }
        #expect(error?.description == "cannot create a temporary file in /nonexistent-formation-dir: No such file or directory; write elsewhere")
    }

    @Test("a file dropped without commit removes its temporary file")
    func droppedFileIsRemoved() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        do {
            let file = try AtomicFile(path: scratch.path("dump"), mode: 0o600)
            try file.append("partial".utf8)
        }
        #expect(scratch.names().isEmpty)
    }

    @Test("Directories.create makes missing parents and accepts existing ones")
    func createDirectories() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try Directories.create(scratch.path("a/b/c"))
        try Directories.create(scratch.path("a/b"))
        try AtomicFile.write("x".utf8, to: scratch.path("a/b/c/f"), mode: 0o600)
        #expect(try scratch.read(scratch.path("a/b/c/f")) == "x")
        #expect(Directories.parent(of: "f") == ".")
        #expect(Directories.parent(of: "/f") == "/")
        #expect(Directories.parent(of: "d/e/f") == "d/e")
    }
}
