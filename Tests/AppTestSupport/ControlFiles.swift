import Foundation

/// The files a `supervisor start` leaves beside its default control socket (`HASH.lock`, which
/// the supervisor keeps by design, and a killed supervisor's `HASH.sock` and `HASH.notify`), for
/// tests to remove with the root they ran in: `/tmp/formation-UID/` is not under the test's
/// temporary directory, and thousands of runs would otherwise fill it.
public enum ControlFiles {
    /// Removes every file named after `root`'s hash in the directories a supervisor run as
    /// `uid` derives (`$XDG_RUNTIME_DIR/formation`, `/tmp/formation-UID`). The directories
    /// stay: another test's supervisor may be creating its own files there at this moment.
    /// `root` is hashed as given and with its symlinks resolved (the supervisor's root is its
    /// working directory when the test passes no `-d`).
    public static func remove(root: String, uid: uid_t = geteuid()) {
        let hashes = Set([root, URL(fileURLWithPath: root).resolvingSymlinksInPath().path].map(hash))
        for directory in directories(uid: uid) {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
            for name in names where hashes.contains(String(name.prefix(16))) {
                try? FileManager.default.removeItem(atPath: directory + "/" + name)
            }
        }
    }

    /// The directories `ControlSocket.directory` derives for `uid`: the runtime directory's
    /// only when it is this process's (another user's supervisor cannot use it).
    static func directories(uid: uid_t) -> [String] {
        var directories = ["/tmp/formation-\(uid)"]
        if uid == geteuid(), let runtime = ProcessInfo.processInfo.environment["XDG_RUNTIME_DIR"],
           !runtime.isEmpty, runtime.utf8.count < 60 {
            directories.append(runtime + "/formation")
        }
        return directories
    }

    /// The supervisor's name for a root (`ControlSocket.hash`: 16 hex digits of FNV-1a over its
    /// bytes); a test in SupervisorTests keeps the two equal.
    public static func hash(_ root: String) -> String {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in root.utf8 {
            value ^= UInt64(byte)
            value = value &* 0x0000_0100_0000_01b3
        }
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
