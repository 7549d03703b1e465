import Foundation

/// The executables built beside the test bundle (`supervisor`, `web`, `backup-job`,
/// `provision`), or in `$FORMATION_BIN_DIR`.
public enum BuiltBinaries {
    /// The directory holding them.
    public static let directory: String = {
        if let explicit = ProcessInfo.processInfo.environment["FORMATION_BIN_DIR"] { return explicit }
        let me = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        return me.deletingLastPathComponent().path
    }()

    /// The path of one of them.
    public static func path(_ name: String) -> String {
        URL(fileURLWithPath: directory).appendingPathComponent(name).path
    }
}
