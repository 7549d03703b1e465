#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Directories for the files written here.
public enum Directories {
    /// `mkdir -p`: creates `path` and any missing parent with `mode` (less the umask); an
    /// existing directory is fine.
    public static func create(_ path: String, mode: UInt32 = 0o755) throws(AtomicFileError) {
        var prefix = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            prefix += "/" + component
            if mkdir(prefix, mode_t(mode)) != 0 && errno != EEXIST {
                throw AtomicFileError("cannot create the directory", path: prefix, errno: errno)
            }
        }
    }

    /// The directory part of `path`: `"."` for a bare name, `"/"` for a file in the root.
    public static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let parent = String(path[..<slash])
        return parent.isEmpty ? "/" : parent
    }
}
