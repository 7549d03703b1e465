import Glibc

/// A failure of the supervisor itself (not of a child: a child's exit status is a value).
/// Its description is one line: what failed, on what, and how to fix it where we know.
struct SupervisorError: Error, CustomStringConvertible {
    struct Code: Hashable, Sendable, CustomStringConvertible {
        let name: String
        static let systemCall = Code(name: "system call failed")
        static let spawn = Code(name: "cannot start process")
        static let file = Code(name: "cannot read file")
        static let configuration = Code(name: "invalid configuration")
        var description: String { name }
    }

    let code: Code
    let message: String
    /// The errno behind the failure, when there is one.
    let errno: Int32?

    /// A failed system call: names the call, what it was for, and the errno.
    static func systemCall(_ call: String, _ errno: Int32, while doing: String) -> SupervisorError {
        SupervisorError(code: .systemCall, message: "\(call) failed while \(doing): \(ErrnoText.describe(errno))", errno: errno)
    }

    var description: String { message }
}

/// `strerror` text with the symbolic name, e.g. "No such file or directory (ENOENT)".
enum ErrnoText {
    static func describe(_ code: Int32) -> String {
        let text = strerror(code).map { String(cString: $0) } ?? "error \(code)"
        return "\(text) (errno \(code))"
    }
}
