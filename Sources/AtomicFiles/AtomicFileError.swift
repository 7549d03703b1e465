#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A failed step of writing an ``AtomicFile`` or creating its directory: what failed, on which
/// path, the errno, and what to do about it. Its description is one line.
public struct AtomicFileError: Error, Sendable, CustomStringConvertible {
    /// What failed, e.g. `"cannot create a temporary file in"`; the path follows it.
    public let action: String
    /// The path the step was acting on.
    public let path: String
    /// The errno of the failed call.
    public let errno: Int32

    /// Creates an error from the errno of the call that just failed.
    public init(_ action: String, path: String, errno: Int32) {
        self.action = action
        self.path = path
        self.errno = errno
    }

    /// How to fix it, from the errno.
    public var fix: String {
        switch errno {
        case EACCES, EPERM, EROFS: "make the directory writable by this user, or write elsewhere"
        case ENOSPC, EDQUOT: "free some space, or write elsewhere"
        case EISDIR: "a directory is in the way: remove it, or write elsewhere"
        case ENOTDIR, ELOOP: "a component of the path is not a directory: fix the path, or write elsewhere"
        default: "write elsewhere"
        }
    }

    /// `cannot write /x/.y.tmp: No space left on device; free some space, or write elsewhere`.
    public var description: String {
        let text = strerror(errno).map { String(cString: $0) } ?? "errno \(errno)"
        return "\(action) \(path): \(text); \(fix)"
    }
}
