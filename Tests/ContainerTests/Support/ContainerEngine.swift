import Foundation
import Testing

/// Whether a container engine can run here at all. Only its absence skips the engine tests;
/// once podman answers, every failure of a build or a container is a failure.
enum ContainerEngine {
    /// Why no engine can run here, or nil when podman answers as root.
    static let unavailable: String? = probe()

    /// The skip line's text.
    static var comment: Comment {
        Comment(rawValue: "no container engine can run here: \(unavailable ?? "")")
    }

    private static func probe() -> String? {
        guard getuid() == 0 else {
            return "podman runs rootful on this project's machines (scripts/containers.conf) and this process is not root (uid \(getuid()))"
        }
        let found = Process()
        found.executableURL = URL(fileURLWithPath: "/bin/sh")
        found.arguments = ["-c", "command -v podman && command -v runc"]
        found.standardOutput = FileHandle.nullDevice
        found.standardError = FileHandle.nullDevice
        guard (try? found.run()) != nil else { return "/bin/sh did not start" }
        found.waitUntilExit()
        guard found.terminationStatus == 0 else {
            return "podman or runc is not installed (./scripts/test.sh installs them: apt-get install podman runc)"
        }
        // `podman info` on a throwaway store: the engine, its runtime and its storage answer.
        let store = ImageSession.newFolderPath("probe")
        defer { try? FileManager.default.removeItem(atPath: store) }
        let info = Process()
        info.executableURL = URL(fileURLWithPath: Podman.repository + "/scripts/podman.sh")
        info.arguments = ["info", "--format", "{{.Host.OCIRuntime.Name}}"]
        info.environment = ProcessInfo.processInfo.environment.merging(["FORMATION_PODMAN_STORE": store]) { $1 }
        info.standardInput = FileHandle.nullDevice
        let errors = Pipe()
        info.standardOutput = FileHandle.nullDevice
        info.standardError = errors
        guard (try? info.run()) != nil else { return "scripts/podman.sh did not start" }
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        info.waitUntilExit()
        guard info.terminationStatus == 0 else {
            let line = message.split(separator: "\n").last.map(String.init) ?? "no message"
            return "podman info exited \(info.terminationStatus): \(line)"
        }
        return nil
    }
}
