import Foundation
import Testing
@testable import dashboard

/// The dashboard's control client refuses a socket another user listens on, before it sends a
/// byte: a real listener run as another uid (root starts it under `setpriv`).
@Suite("the dashboard's control client and an impostor socket", .serialized)
struct ControlChannelTrustTests {
    static let listener = """
        import os, socket, sys
        s = socket.socket(socket.AF_UNIX); s.bind(sys.argv[1]); s.listen(4)
        open(sys.argv[1] + ".up", "w").close()
        s.settimeout(60)
        total = 0
        try:
            c, _ = s.accept(); c.settimeout(2)
            while True:
                data = c.recv(65536)
                if not data: break
                total += len(data)
                c.sendall(b'{"ok":true,"root":"/","pid":1,"instances":[]}\\n')
        except OSError:
            pass
        open(sys.argv[2], "w").write(str(total))
        """

    @Test("ask refuses a listener of another uid with .impostor, and the listener receives nothing",
          .enabled(if: getuid() == 0))
    func impostor() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dashboard-trust-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        chmod(directory, 0o777)
        let script = directory + "/listener.py"
        try Self.listener.write(toFile: script, atomically: true, encoding: .utf8)
        chmod(script, 0o644)
        let socket = directory + "/c.sock", received = directory + "/received"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
        process.arguments = ["--reuid=61003", "--regid=61003", "--clear-groups", "/usr/bin/python3", script, socket, received]
        try process.run()
        for _ in 0..<1200 where !FileManager.default.fileExists(atPath: socket + ".up") {
            try await Task.sleep(for: .milliseconds(25))
        }
        await #expect(throws: ControlChannelError.impostor(path: socket, uid: 61003)) {
            _ = try await ControlChannel(path: socket).ask(.status)
        }
        // The refused connection was closed before a request: the listener saw end of stream.
        for _ in 0..<200 where !FileManager.default.fileExists(atPath: received) {
            try await Task.sleep(for: .milliseconds(25))
        }
        process.terminate()
        process.waitUntilExit()
        #expect((try? String(contentsOfFile: received, encoding: .utf8)) == "0")
        #expect(ControlChannelError.impostor(path: socket, uid: 61003).description.contains("held by uid 61003"))
    }
}
